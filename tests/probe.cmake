# The kernel-verdict probe, shared by the tests that need the kernel's word
# on a filter.
add_library(sp_probe STATIC probe.c)
sp_target(sp_probe)
# Generated profiles judged by the kernel or the interpreter, compiled by
# libseccomp or sandprint's own compiler.
add_library(sp_judge STATIC judge.c)
sp_target(sp_judge)
target_link_libraries(sp_judge PUBLIC sp_probe sp_analyzer sp_output)

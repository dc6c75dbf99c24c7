# The kernel-verdict probe, shared by the tests that need the kernel's word
# on a filter.
add_library(sp_probe STATIC probe.c)
sp_target(sp_probe)

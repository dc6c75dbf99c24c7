# output/file.c: what writing an output path does to what it names
# (regular files, symlinks, FIFOs, devices made in a temporary directory,
# sandprint's own descriptors, a signal mid-write).
sp_test(test_file "unit" SOURCES file_test.c LIBS sp_output)

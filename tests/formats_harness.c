/* Links with a generated -f c or -f c-bpf file (built with
 * -DSANDPRINT_NO_MAIN) and writes the filter it would install to stdout:
 * the program the kernel is then asked about. */
int sandprint_export_bpf(int fd);

int main(void)
{
	return sandprint_export_bpf(1) ? 1 : 0;
}

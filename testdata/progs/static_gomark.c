/*
 * static_gomark: carries a section named .go.buildinfo, as every Go
 * executable does, so that the static analysis recognises the Go runtime
 * in it (tests/static_test.c).  Does nothing else; exits 0.
 */
__attribute__((section(".go.buildinfo"), used))
static const char buildinfo[32] = "\xff Go buildinf:";

int main(void)
{
	return 0;
}

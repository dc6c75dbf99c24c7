/*
 * static_ffi: imports libffi's ffi_call(3), as an interpreter's foreign
 * function interface does (Python's _ctypes, Ruby's fiddle, PHP's FFI),
 * weakly: the static analysis reads the import, the program needs no
 * libffi to run.  It calls nothing else; exits 0.
 */
#include <stddef.h>

extern void ffi_call(void *cif, void (*fn)(void), void *rvalue,
		     void **avalue) __attribute__((weak));

int main(void)
{
	if (ffi_call)
		ffi_call(NULL, NULL, NULL, NULL);
	return 0;
}

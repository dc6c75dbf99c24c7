/*
 * static_split.c - a function another jumps into mid-way, as glibc's cold
 * parts jump back into their functions: sp_split_entry runs on into the
 * label sp_split_other jumps to, where its sync(2) is.  sp_split_other
 * is reached by nothing, so the jump's only effect on the analysis is to
 * make the label a start: sp_split_entry's callers must still reach the
 * code after it (tests/static_test.c).
 */
__asm__(".text\n"
	".globl sp_split_entry\n"
	".type sp_split_entry, @function\n"
	"sp_split_entry:\n"
	"	nop\n"
	".Lsp_split_mid:\n"
	"	mov $162, %eax\n" /* SYS_sync on x86_64 */
	"	syscall\n"
	"	ret\n"
	".size sp_split_entry, .-sp_split_entry\n"
	".type sp_split_other, @function\n"
	"sp_split_other:\n"
	"	jmp .Lsp_split_mid\n"
	".size sp_split_other, .-sp_split_other\n");

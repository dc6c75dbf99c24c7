/* static_split_use.c - calls static_split.c's sp_split_entry. */
void sp_split_entry(void);

int main(void)
{
	sp_split_entry();
	return 0;
}

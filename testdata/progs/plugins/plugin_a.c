/*
 * plugin_a.so: a plugin of static_plugin, in a directory of its own
 * with plugin_b.so.  Its plugin_run() makes no call.
 */
int plugin_run(void)
{
	return 0;
}

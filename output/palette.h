/* The colours of the text reports (check, run, diff, show): one palette,
 * ANSI escapes or, with colour off, empty strings, so that a writer
 * prints the same either way. */
#ifndef SP_OUTPUT_PALETTE_H
#define SP_OUTPUT_PALETTE_H

#include <stdbool.h>

struct sp_palette {
	const char *bold, *dim, *off;
	const char *red, *green, *yellow, *magenta;
	const char *bold_red;
};

/* The palette to write with: colour (the caller decides: a terminal and
 * no NO_COLOR) or none. */
const struct sp_palette *sp_palette(bool color);

#endif

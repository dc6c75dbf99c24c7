#include "output/palette.h"

const struct sp_palette *sp_palette(bool color)
{
	static const struct sp_palette ansi = {
		.bold = "\033[1m",
		.dim = "\033[2m",
		.off = "\033[0m",
		.red = "\033[31m",
		.green = "\033[32m",
		.yellow = "\033[33m",
		.magenta = "\033[35m",
		.bold_red = "\033[1;31m",
	};
	static const struct sp_palette none = {
		"", "", "", "", "", "", "", "",
	};

	return color ? &ansi : &none;
}

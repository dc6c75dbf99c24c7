#include "gen_constants-inl.h"

/* -f systemd: SystemCallFilter= and friends for a unit's [Service]
 * section (systemd.exec(5)). */
#ifndef SP_OUTPUT_SYSTEMD_H
#define SP_OUTPUT_SYSTEMD_H

#include <stdio.h>

#include "core/profile.h"

/* Writes SystemCallArchitectures=, SystemCallErrorNumber= (ERRNO default)
 * and SystemCallFilter= lines allowing the names of p's ALLOW and LOG
 * rules: systemd's @groups (systemd-groups.def, systemd 252) where every
 * member that a listed arch has is allowed, names otherwise.  Argument
 * conditions cannot be expressed: such names are allowed whole, with a
 * comment saying so.  Refusals of calls no rule allows follow as
 * deny-listed entries with their errno (~clone3:ENOSYS) or :kill;
 * refusals and defaults systemd cannot express get comments.  0 or
 * -errno. */
int sp_profile_write_systemd(FILE *f, const struct sp_profile *p);

#endif

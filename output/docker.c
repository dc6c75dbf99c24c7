#include "output/docker.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <jansson.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "output/file.h"
#include "output/firecracker.h"
#include "output/json.h"
#include "output/oci_json.h"

/* Capability names from the kernel's header constants. */
#define CAP(c) { #c, c }
static const struct {
	const char *name;
	int value;
} cap_table[] = {
	CAP(CAP_CHOWN), CAP(CAP_DAC_OVERRIDE), CAP(CAP_DAC_READ_SEARCH),
	CAP(CAP_FOWNER), CAP(CAP_FSETID), CAP(CAP_KILL), CAP(CAP_SETGID),
	CAP(CAP_SETUID), CAP(CAP_SETPCAP), CAP(CAP_LINUX_IMMUTABLE),
	CAP(CAP_NET_BIND_SERVICE), CAP(CAP_NET_BROADCAST),
	CAP(CAP_NET_ADMIN), CAP(CAP_NET_RAW), CAP(CAP_IPC_LOCK),
	CAP(CAP_IPC_OWNER), CAP(CAP_SYS_MODULE), CAP(CAP_SYS_RAWIO),
	CAP(CAP_SYS_CHROOT), CAP(CAP_SYS_PTRACE), CAP(CAP_SYS_PACCT),
	CAP(CAP_SYS_ADMIN), CAP(CAP_SYS_BOOT), CAP(CAP_SYS_NICE),
	CAP(CAP_SYS_RESOURCE), CAP(CAP_SYS_TIME), CAP(CAP_SYS_TTY_CONFIG),
	CAP(CAP_MKNOD), CAP(CAP_LEASE), CAP(CAP_AUDIT_WRITE),
	CAP(CAP_AUDIT_CONTROL), CAP(CAP_SETFCAP), CAP(CAP_MAC_OVERRIDE),
	CAP(CAP_MAC_ADMIN), CAP(CAP_SYSLOG), CAP(CAP_WAKE_ALARM),
	CAP(CAP_BLOCK_SUSPEND), CAP(CAP_AUDIT_READ), CAP(CAP_PERFMON),
	CAP(CAP_BPF), CAP(CAP_CHECKPOINT_RESTORE),
};
#undef CAP
_Static_assert(ARRAY_SIZE(cap_table) == CAP_LAST_CAP + 1,
	       "every capability of linux/capability.h is named");

/* moby's oci/caps/defaults.go DefaultCapabilities(). */
static const char *const docker_default_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
	"CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
	"CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
};
/* containers/common's containers.conf default_capabilities (Podman 4
 * and later). */
static const char *const podman_default_caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID",
	"CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT",
};

/* Go's GOARCH of each arch: the names includes/excludes "arches" use. */
static const char *goarch(enum sp_arch a)
{
	switch (a) {
	case SP_ARCH_X86_64:
		return "amd64";
	case SP_ARCH_X86:
		return "386";
	case SP_ARCH_AARCH64:
		return "arm64";
	case SP_ARCH_ARM:
		return "arm";
	case SP_ARCH_RISCV64:
		return "riscv64";
	case SP_ARCH_PPC64LE:
		return "ppc64le";
	case SP_ARCH_S390X:
		return "s390x";
	default:
		return "";
	}
}

static int add_cap(struct sp_docker_opts *o, const char *name)
{
	for (size_t i = 0; i < o->ncaps; i++)
		if (strcmp(o->caps[i], name) == 0)
			return 0;
	if (o->ncaps == SP_DOCKER_MAX_CAPS)
		return -E2BIG;
	o->caps[o->ncaps++] = name;
	return 0;
}

static void add_caps(struct sp_docker_opts *o, const char *const *caps,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		add_cap(o, caps[i]);
}

void sp_docker_opts_init(struct sp_docker_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->defaults = true;
	o->arch = sp_arch_native();
}

int sp_docker_caps_parse(char *list, struct sp_docker_opts *o,
			 struct sp_diag *d)
{
	char *save = NULL, *tok;
	char want[64];

	o->ncaps = 0;
	o->defaults = false;
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		if (strcmp(tok, "none") == 0)
			continue;
		if (strcmp(tok, "default") == 0) {
			o->defaults = true;
			continue;
		}
		if (strcmp(tok, "docker") == 0) {
			add_caps(o, docker_default_caps,
				 ARRAY_SIZE(docker_default_caps));
			continue;
		}
		if (strcmp(tok, "podman") == 0) {
			add_caps(o, podman_default_caps,
				 ARRAY_SIZE(podman_default_caps));
			continue;
		}
		/* docker run --cap-add ALL. */
		if (strcasecmp(tok, "all") == 0) {
			for (i = 0; i < ARRAY_SIZE(cap_table); i++)
				add_cap(o, cap_table[i].name);
			continue;
		}
		snprintf(want, sizeof(want), "%s%s",
			 strncasecmp(tok, "CAP_", 4) ? "CAP_" : "", tok);
		for (char *c = want; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		for (i = 0; i < ARRAY_SIZE(cap_table); i++)
			if (strcmp(cap_table[i].name, want) == 0)
				break;
		if (i == ARRAY_SIZE(cap_table)) {
			sp_diag_set(d, NULL, 0, 0, NULL,
				    "unknown capability \"%s\"", tok);
			return -EINVAL;
		}
		add_cap(o, cap_table[i].name);
	}
	return 0;
}

/* A decimal number at *s that fits an int, *s moved past it.  sscanf's
 * %d would take 4294967301 as 5 (its overflow is undefined). */
static int version_part(const char **s, int *out)
{
	long v = 0;

	if (!isdigit((unsigned char)**s))
		return -EINVAL;
	for (; isdigit((unsigned char)**s); (*s)++) {
		v = v * 10 + (**s - '0');
		if (v > INT_MAX)
			return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

int sp_kernel_version_parse(const char *s, int *major, int *minor)
{
	int a, b;

	/* moby's parseKernelVersion: fmt.Sscanf(v, "%d.%d"), which also
	 * refuses numbers that overflow. */
	if (version_part(&s, &a) || *s++ != '.' || version_part(&s, &b))
		return -EINVAL;
	*major = a;
	*minor = b;
	return 0;
}

static bool is_docker(json_t *root)
{
	json_t *arr = json_object_get(root, "syscalls"), *e;
	size_t i;

	if (!json_is_object(root))
		return false;
	if (json_object_get(root, "archMap"))
		return true;
	if (!json_is_array(arr))
		return false;
	json_array_foreach(arr, i, e) {
		if (json_object_get(e, "includes") ||
		    json_object_get(e, "excludes"))
			return true;
	}
	return false;
}

/* Podman's "defaultErrno" or an entry's "errno" string: a profile
 * written for containers/common, which alone reads them. */
static bool is_podman(json_t *root)
{
	json_t *arr = json_object_get(root, "syscalls"), *e;
	size_t i;

	if (json_object_get(root, "defaultErrno"))
		return true;
	json_array_foreach(arr, i, e)
		if (json_object_get(e, "errno"))
			return true;
	return false;
}

struct resolver {
	struct sp_json_reader json;
	const struct sp_docker_opts *o;
	bool podman;            /* Podman's defaults, not Docker's */
};

/* obj[key] as an array of strings (NULL when absent or null). */
static int strings(struct resolver *r, json_t *obj,
		   const struct sp_json_where *w, const char *key, json_t **out)
{
	struct sp_json_where kw = { .up = w, .key = key };
	json_t *v = sp_json_opt(obj, key), *e;
	size_t i;

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return sp_json_bad(&r->json, &kw, "expected an array");
	/* A number above INT64_MAX is a placeholder string in the OCI
	 * reader's tree (output/oci_json.h): a number all the same. */
	json_array_foreach(v, i, e)
		if (!json_is_string(e) || json_string_value(e)[0] == '\x01')
			return sp_json_bad(&r->json, &kw,
					   "expected an array of strings");
	*out = v;
	return 0;
}

static bool has(json_t *arr, const char *s)
{
	json_t *e;
	size_t i;

	json_array_foreach(arr, i, e)
		if (strcmp(json_string_value(e), s) == 0)
			return true;
	return false;
}

static bool listed(const char *const *caps, size_t n, const char *cap)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(caps[i], cap) == 0)
			return true;
	return false;
}

static bool holds_cap(const struct resolver *r, const char *cap)
{
	const struct sp_docker_opts *o = r->o;

	if (listed(o->caps, o->ncaps, cap))
		return true;
	if (!o->defaults)
		return false;
	return r->podman ? listed(podman_default_caps,
				  ARRAY_SIZE(podman_default_caps), cap) :
			   listed(docker_default_caps,
				  ARRAY_SIZE(docker_default_caps), cap);
}

/* 1 when the kernel is at least obj.minKernel, 0 when below, -1 when
 * there is none; -EINVAL on a malformed one. */
static int kernel_at_least(struct resolver *r, json_t *obj,
			   const struct sp_json_where *w)
{
	struct sp_json_where kw = { .up = w, .key = "minKernel" };
	json_t *v = sp_json_opt(obj, "minKernel");
	int maj, min;

	if (!v)
		return -1;
	if (!json_is_string(v))
		return sp_json_bad(&r->json, &kw, "invalid kernel version");
	if (sp_kernel_version_parse(json_string_value(v), &maj, &min))
		return sp_json_bad(&r->json, &kw,
				   "invalid kernel version \"%s\"",
				   json_string_value(v));
	if (r->o->kmajor != maj)
		return r->o->kmajor > maj;
	return r->o->kminor >= min;
}

/* Whether syscalls[i] stays, as setupSeccomp decides: 1 keep, 0 drop. */
/* Whether entry e names its calls both ways, "name" (Docker's old form)
 * and "names": dockerd and Podman refuse the profile when they keep the
 * entry ("use either 'name' or 'names'"), and runc and crun, which know
 * no "name", would take the other names alone; said (-EINVAL). */
static bool both_names(struct resolver *r, json_t *e,
		       const struct sp_json_where *w)
{
	json_t *x = sp_json_opt(e, "name");

	if (!json_is_string(x) || !*json_string_value(x) ||
	    !json_array_size(sp_json_opt(e, "names")))
		return false;
	sp_json_bad(&r->json, w, "both \"name\" and \"names\", which "
		    "dockerd and Podman refuse (use either 'name' or "
		    "'names'; runc and crun know no \"name\")");
	return true;
}

/* An OCI form's entry e (rule) naming its call by "name" alone,
 * Docker's old form: runc knows no "name" and takes the entry as naming
 * no call, crun refuses the profile, dockerd and Podman read it as
 * "names" (runc 1.1.5, crun 1.8.1, tried).  Read as runc runs it, the
 * rule without names, and said. */
static void name_alone(const struct resolver *r, json_t *e,
		       const struct sp_json_where *w, struct sp_rule *rule)
{
	json_t *x = sp_json_opt(e, "name");
	char path[SP_JSON_PATH_MAX], text[512];

	if (!json_is_string(x) || json_array_size(sp_json_opt(e, "names")))
		return;
	if (r->o->on_warning) {
		sp_json_where_path(path, w);
		snprintf(text, sizeof(text), "\"name\" without \"names\" "
			 "(Docker's old form): runc ignores \"name\", so the "
			 "entry names no call, and is read so; crun refuses "
			 "the profile (\"Required field 'names' not "
			 "present\"); dockerd and Podman read it as "
			 "\"names\": [\"%.200s\"]; write \"names\" to "
			 "name the call", json_string_value(x));
		r->o->on_warning(r->o->ctx, path, text);
	}
	for (size_t n = 0; n < rule->nnames; n++)
		free(rule->names[n]);
	rule->nnames = 0;
}

static int keep_entry(struct resolver *r, json_t *e,
		      const struct sp_json_where *w)
{
	const char *arch = goarch(r->o->arch);
	struct sp_json_where xw = { .up = w, .key = "excludes" };
	json_t *x, *arches, *caps, *c;
	size_t i;
	int ret;

	x = sp_json_opt(e, "excludes");
	if (x) {
		if (!json_is_object(x))
			return sp_json_bad(&r->json, &xw, "expected an object");
		ret = strings(r, x, &xw, "arches", &arches);
		if (!ret)
			ret = strings(r, x, &xw, "caps", &caps);
		if (ret)
			return ret;
		if (arches && has(arches, arch))
			return 0;
		json_array_foreach(caps, i, c)
			if (holds_cap(r, json_string_value(c)))
				return 0;
		ret = kernel_at_least(r, x, &xw);
		if (ret == -EINVAL)
			return ret;
		if (ret == 1)
			return 0;
	}
	xw.key = "includes";
	x = sp_json_opt(e, "includes");
	if (x) {
		if (!json_is_object(x))
			return sp_json_bad(&r->json, &xw, "expected an object");
		ret = strings(r, x, &xw, "arches", &arches);
		if (!ret)
			ret = strings(r, x, &xw, "caps", &caps);
		if (ret)
			return ret;
		if (arches && json_array_size(arches) && !has(arches, arch))
			return 0;
		json_array_foreach(caps, i, c)
			if (!holds_cap(r, json_string_value(c)))
				return 0;
		ret = kernel_at_least(r, x, &xw);
		if (ret == -EINVAL)
			return ret;
		if (ret == 0)
			return 0;
	}
	return both_names(r, e, w) ? -EINVAL : 1;
}

/* The archMap entry of the host: its arch and subArchitectures. */
static int resolve_arches(struct resolver *r, json_t *root,
			  struct sp_profile *p)
{
	json_t *map = json_object_get(root, "archMap");
	json_t *archs = json_object_get(root, "architectures");
	const char *want = sp_arch_oci_name(r->o->arch);
	struct sp_json_where mw = { .up = &sp_json_root, .key = "archMap" };
	struct sp_json_where ew = { .up = &mw };
	json_t *e, *subs, *s;
	enum sp_arch a;
	size_t i, j;

	if (!map || json_is_null(map) || !json_array_size(map))
		return 0;
	if (json_is_array(archs) && json_array_size(archs))
		return sp_json_bad(&r->json, &sp_json_root,
				   "both \"architectures\" and "
				   "\"archMap\" are given; use one");
	p->narchs = 0;
	json_array_foreach(map, i, e) {
		json_t *an = json_object_get(e, "architecture");

		if (!json_is_string(an) || !want ||
		    strcmp(json_string_value(an), want) != 0)
			continue;
		sp_profile_add_arch(p, r->o->arch);
		ew.index = i;
		if (strings(r, e, &ew, "subArchitectures", &subs))
			return -EINVAL;
		json_array_foreach(subs, j, s) {
			/* Sub-arches sandprint does not know (MIPS ...)
			 * cannot be the host's: left out. */
			if (sp_arch_parse(json_string_value(s), &a) == 0)
				sp_profile_add_arch(p, a);
		}
		break;
	}
	return 0;
}

static void drop_rule(struct sp_profile *p, size_t i)
{
	struct sp_rule *r = &p->rules[i];

	for (size_t n = 0; n < r->nnames; n++)
		free(r->names[n]);
	free(r->names);
	free(r->conds);
	free(r->comment);
	memmove(r, r + 1, (p->nrules - i - 1) * sizeof(*r));
	p->nrules--;
}

int sp_profile_read_json(const char *path, const struct sp_docker_opts *o,
			 struct sp_profile **out, enum sp_json_form *form,
			 struct sp_diag *d)
{
	char *buf = NULL;
	size_t len;
	int ret = sp_file_read(path, sp_file_text_check, NULL, &buf, &len, d);

	if (!ret)
		ret = sp_profile_parse_json(path, buf, len, o, out, form, d);
	free(buf);
	return ret;
}

/* The keys of each object of a profile that runc, crun, moby and
 * containers/common read (their structs' JSON names). */
static const char *const root_keys[] = {
	"defaultAction", "defaultErrnoRet", "defaultErrno", "architectures",
	"archMap", "flags", "listenerPath", "listenerMetadata", "syscalls",
	NULL
};
static const char *const map_keys[] = {
	"architecture", "subArchitectures", NULL
};
static const char *const rule_keys[] = {
	"names", "name", "action", "errnoRet", "errno", "args", "comment",
	"includes", "excludes", NULL
};
static const char *const arg_keys[] = {
	"index", "value", "valueTwo", "op", NULL
};
static const char *const filter_keys[] = {
	"arches", "caps", "minKernel", NULL
};

static void unknown_keys(const struct sp_docker_opts *o, json_t *obj,
			 const struct sp_json_where *w,
			 const char *const *known)
{
	char path[SP_JSON_PATH_MAX];
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const char *const *k = known;
		struct sp_json_where kw = { .up = w, .key = key };

		while (*k && strcmp(*k, key))
			k++;
		if (*k)
			continue;
		sp_json_where_path(path, &kw);
		o->on_unknown_key(o->ctx, path);
	}
}

/* Every object of the document the OCI reader has checked. */
static void note_unknown_keys(const struct sp_docker_opts *o, json_t *root)
{
	struct sp_json_where mw = { .up = &sp_json_root, .key = "archMap" };
	struct sp_json_where sw = { .up = &sp_json_root, .key = "syscalls" };
	struct sp_json_where ew = { .up = &mw }, aw, iw, fw;
	const char *const sides[] = { "includes", "excludes" };
	json_t *e, *a;
	size_t i, j;

	unknown_keys(o, root, &sp_json_root, root_keys);
	json_array_foreach(json_object_get(root, "archMap"), i, e) {
		ew.index = i;
		unknown_keys(o, e, &ew, map_keys);
	}
	ew.up = &sw;
	json_array_foreach(json_object_get(root, "syscalls"), i, e) {
		ew.index = i;
		unknown_keys(o, e, &ew, rule_keys);
		aw = (struct sp_json_where){ .up = &ew, .key = "args" };
		iw = (struct sp_json_where){ .up = &aw };
		json_array_foreach(json_object_get(e, "args"), j, a) {
			iw.index = j;
			unknown_keys(o, a, &iw, arg_keys);
		}
		for (j = 0; j < 2; j++) {
			fw = (struct sp_json_where){ .up = &ew, .key = sides[j] };
			unknown_keys(o, json_object_get(e, sides[j]), &fw,
				     filter_keys);
		}
	}
}

int sp_profile_parse_json(const char *name, char *text, size_t len,
			  const struct sp_docker_opts *o,
			  struct sp_profile **out, enum sp_json_form *form,
			  struct sp_diag *d)
{
	struct resolver r = { .json = { name, d }, .o = o };
	struct sp_profile *p = NULL;
	struct sp_json_where sw = { .up = &sp_json_root, .key = "syscalls" };
	struct sp_json_where ew = { .up = &sw };
	json_t *root = NULL, *arr, *e;
	size_t i, kept = 0;
	bool isd;
	int ret;

	if (sp_firecracker_json_is(text, len)) {
		if (form)
			*form = SP_FORM_FIRECRACKER;
		return sp_profile_parse_firecracker(name, text, len, o->filter,
						    out, d);
	}
	/* The OCI reader checks everything and gives syscalls[i] as
	 * p->rules[i]; what is Docker's own is resolved here, on the same
	 * document. */
	ret = sp_profile_parse_oci_tree(name, text, len, &p, &root, d);
	if (ret)
		return ret;
	if (o->on_unknown_key)
		note_unknown_keys(o, root);
	isd = is_docker(root);
	r.podman = isd && is_podman(root);
	if (form)
		*form = !isd ? SP_FORM_OCI :
			r.podman ? SP_FORM_PODMAN : SP_FORM_DOCKER;
	if (!isd) {
		/* Every entry is kept, by dockerd too. */
		json_array_foreach(json_object_get(root, "syscalls"), i, e) {
			ew.index = i;
			if (both_names(&r, e, &ew)) {
				ret = -EINVAL;
				goto out;
			}
			if (i < p->nrules)
				name_alone(&r, e, &ew, &p->rules[i]);
		}
		goto done;
	}
	ret = resolve_arches(&r, root, p);
	if (ret)
		goto out;
	arr = json_object_get(root, "syscalls");
	if (json_is_array(arr) && json_array_size(arr) != p->nrules) {
		ret = sp_json_bad(&r.json, &sw, "entries and rules disagree");
		goto out;
	}
	json_array_foreach(arr, i, e) {
		ew.index = i;
		ret = keep_entry(&r, e, &ew);
		if (ret < 0)
			goto out;
		if (ret)
			kept++;
		else
			drop_rule(p, kept);
	}
done:
	ret = 0;
	*out = p;
	p = NULL;
out:
	sp_profile_free(p);
	json_decref(root);
	return ret;
}

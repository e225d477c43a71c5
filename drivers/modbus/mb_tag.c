/*
 * One tag definition, the value of a tag.<name> key, into a struct
 * mes_mb_tag; and the names of kinds, types, orders, roles and states.
 * Numbers are read strictly here (base 10, C locale, whole string):
 * iniparser's own getint would take "0x10" as 16 and "abc" as 0.
 */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mb.h"
#include "mb_int.h"

static const char *const kind_names[] = { "coil", "di", "ir", "hr", NULL };
static const char *const type_names[] = {
	"bool", "u16", "i16", "u32", "i32", "float32", NULL
};
static const char *const order_names[] = {
	"abcd", "cdab", "badc", "dcba", NULL
};
static const char *const role_names[] = {
	"signal", "state", "fault", "good", "scrap", "cycles", "energy",
	"heartbeat", NULL
};
static const char *const state_names[] = {
	"unknown", "running", "idle", "down", "setup", NULL
};

const char *mes_mb_kind_name(enum mes_mb_kind k)
{
	return (unsigned)k < MES_MB_NKINDS ? kind_names[k] : "?";
}

const char *mes_mb_type_name(enum mes_mb_type t)
{
	return (unsigned)t <= MES_MB_F32 ? type_names[t] : "?";
}

const char *mes_mb_order_name(enum mes_mb_order o)
{
	return (unsigned)o <= MES_MB_DCBA ? order_names[o] : "?";
}

const char *mes_mb_role_name(enum mes_mb_role r)
{
	return (unsigned)r <= MES_MB_ROLE_HEARTBEAT ? role_names[r] : "?";
}

int mes_mb_state_parse(const char *word)
{
	return mes_mb_word_index(state_names, word);
}

const char *mes_mb_state_name(enum mes_mb_state s)
{
	return (unsigned)s <= MES_MB_STATE_SETUP ? state_names[s] : "?";
}

int mes_mb_word_index(const char *const *words, const char *w)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcasecmp(words[i], w))
			return i;
	return -1;
}

static int vfail(char *err, size_t n, const char *fmt, va_list ap)
{
	if (err && n)
		vsnprintf(err, n, fmt, ap);
	return MES_ERR_CONFIG;
}

static int fail(char *err, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(err, n, fmt, ap);
	va_end(ap);
	return rc;
}

int mes_mb_fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(err, n, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * Plain decimal numbers only, read in the C locale: strtod would also take
 * "inf", "nan", hex floats, and a ',' decimal point in some locales.
 */
static int mes_mb_parse_num(const char *s, double *out)
{
	const char *p = s;
	locale_t c, old;
	char *end;
	double v;
	int digits = 0, e;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return -1;
	c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c == (locale_t)0)
		return -1;
	old = uselocale(c);
	errno = 0;
	v = strtod(s, &end);
	e = errno;
	uselocale(old);
	freelocale(c);
	if (e == ERANGE || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* Base 10, whole string, within [min, max]. */
int mes_mb_parse_long(const char *s, long min, long max, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* ---- one tag ------------------------------------------------------------ */

static int tag_address(const char *tok, struct mes_mb_tag *t, char *err,
                       size_t n)
{
	static const struct { const char *w; enum mes_mb_kind k; } kinds[] = {
		{ "coil", MES_MB_COIL }, { "co", MES_MB_COIL },
		{ "di", MES_MB_DISCRETE }, { "discrete", MES_MB_DISCRETE },
		{ "ir", MES_MB_INPUT }, { "input", MES_MB_INPUT },
		{ "hr", MES_MB_HOLDING }, { "holding", MES_MB_HOLDING },
	};
	const char *colon = strchr(tok, ':');
	char kind[16];
	size_t i, len;
	long a;

	if (!colon)
		return fail(err, n, "\"%s\" is not <kind>:<address> "
		            "(coil, di, ir or hr, then 0 to 65535)", tok);
	len = (size_t)(colon - tok);
	if (len >= sizeof kind)
		len = sizeof kind - 1;
	memcpy(kind, tok, len);
	kind[len] = '\0';
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcasecmp(kinds[i].w, kind))
			break;
	if (i == sizeof kinds / sizeof kinds[0])
		return fail(err, n, "unknown kind \"%s\" (expected coil, di, "
		            "ir or hr)", kind);
	t->kind = kinds[i].k;
	if (mes_mb_parse_long(colon + 1, 0, 65535, &a) != 0)
		return fail(err, n, "address \"%s\" out of range (0 to 65535, "
		            "decimal, 0-based PDU address)", colon + 1);
	t->addr = (unsigned)a;
	return MES_OK;
}

static int tag_type(const char *tok, struct mes_mb_tag *t, char *err, size_t n)
{
	int i = mes_mb_word_index(type_names, tok);

	if (i < 0 && (!strcasecmp(tok, "f32") || !strcasecmp(tok, "float")))
		i = MES_MB_F32;
	if (i < 0)
		return fail(err, n, "unknown type \"%s\" (expected bool, u16, "
		            "i16, u32, i32 or float32)", tok);
	t->type = (enum mes_mb_type)i;
	return MES_OK;
}

static int tag_num_opt(const char *key, const char *val, double *out, char *err,
                       size_t n)
{
	if (mes_mb_parse_num(val, out) != 0)
		return fail(err, n, "%s=\"%s\" is not a number", key, val);
	return MES_OK;
}

/* One key=value option; *seen collects which were given. */
static int tag_option(const char *tok, struct mes_mb_tag *t, unsigned *seen,
                      char *err, size_t n)
{
	static const char *const opts[] = {
		"scale", "offset", "order", "min", "max", "role", "stale",
		"wrap", NULL
	};
	const char *eq = strchr(tok, '=');
	char key[16];
	size_t len;
	double d;
	long l;
	int i;

	if (!eq || eq == tok)
		return fail(err, n, "\"%s\" is not an option (key=value)", tok);
	len = (size_t)(eq - tok);
	if (len >= sizeof key)
		len = sizeof key - 1;
	memcpy(key, tok, len);
	key[len] = '\0';
	i = mes_mb_word_index(opts, key);
	if (i < 0)
		return fail(err, n, "unknown option \"%s\" (expected scale, "
		            "offset, order, min, max, role, stale, wrap)", key);
	if (*seen & (1u << i))
		return fail(err, n, "option %s given twice", opts[i]);
	*seen |= 1u << i;
	eq++;
	switch (i) {
	case 0:
		if (tag_num_opt(key, eq, &t->scale, err, n))
			return MES_ERR_CONFIG;
		if (t->scale == 0)
			return fail(err, n, "scale=0 would hide every value");
		return MES_OK;
	case 1:
		return tag_num_opt(key, eq, &t->offset, err, n);
	case 2:
		if ((i = mes_mb_word_index(order_names, eq)) < 0)
			return fail(err, n, "unknown order \"%s\" (expected "
			            "abcd, cdab, badc or dcba)", eq);
		t->order = (enum mes_mb_order)i;
		return MES_OK;
	case 3:
		return tag_num_opt(key, eq, &t->min, err, n);
	case 4:
		return tag_num_opt(key, eq, &t->max, err, n);
	case 5:
		if ((i = mes_mb_word_index(role_names, eq)) < 0)
			return fail(err, n, "unknown role \"%s\" (expected "
			            "signal, state, fault, good, scrap, "
			            "cycles, energy or heartbeat)", eq);
		t->role = (enum mes_mb_role)i;
		return MES_OK;
	case 6:
		if (mes_mb_parse_long(eq, 0, 86400000L, &l) != 0)
			return fail(err, n, "stale=\"%s\": expected "
			            "milliseconds, 0 to 86400000", eq);
		t->stale_ms = l;
		return MES_OK;
	default:
		if (tag_num_opt(key, eq, &d, err, n))
			return MES_ERR_CONFIG;
		if (d < 2 || d != floor(d))
			return fail(err, n, "wrap=\"%s\": expected a whole "
			            "number of at least 2", eq);
		t->wrap = d;
		return MES_OK;
	}
}

enum { SEEN_ORDER = 1u << 2, SEEN_MIN = 1u << 3, SEEN_MAX = 1u << 4,
       SEEN_STALE = 1u << 6, SEEN_WRAP = 1u << 7 };

static int is_counter(enum mes_mb_role r)
{
	return r == MES_MB_ROLE_GOOD || r == MES_MB_ROLE_SCRAP ||
	       r == MES_MB_ROLE_CYCLES || r == MES_MB_ROLE_ENERGY;
}

/* What combinations of kind, type, role and options make sense. */
static int tag_check(struct mes_mb_tag *t, unsigned seen, char *err, size_t n)
{
	int bits = t->kind == MES_MB_COIL || t->kind == MES_MB_DISCRETE;
	int wide = t->type == MES_MB_U32 || t->type == MES_MB_I32 ||
	           t->type == MES_MB_F32;

	if (bits && t->type != MES_MB_BOOL)
		return fail(err, n, "a %s is one bit: its type is bool",
		            t->kind == MES_MB_COIL ? "coil" : "discrete input");
	if (!bits && t->type == MES_MB_BOOL)
		return fail(err, n, "a register is u16, i16, u32, i32 or "
		            "float32, not bool");
	if ((seen & SEEN_ORDER) && !wide)
		return fail(err, n, "order= applies to 32-bit types only");
	if ((seen & SEEN_MIN) && (seen & SEEN_MAX) && t->min > t->max)
		return fail(err, n, "min is above max");
	if (!(seen & SEEN_MIN))
		t->min = -INFINITY;
	if (!(seen & SEEN_MAX))
		t->max = INFINITY;
	if ((seen & SEEN_WRAP) && !is_counter(t->role) &&
	    t->role != MES_MB_ROLE_HEARTBEAT)
		return fail(err, n, "wrap= applies to counters (role good, "
		            "scrap, cycles, energy, heartbeat)");
	if (t->type == MES_MB_F32 && t->role != MES_MB_ROLE_SIGNAL &&
	    t->role != MES_MB_ROLE_ENERGY && t->role != MES_MB_ROLE_HEARTBEAT)
		return fail(err, n, "role=%s needs an integer type, not "
		            "float32", role_names[t->role]);
	if (!(seen & SEEN_STALE))
		t->stale_ms = -1;       /* the loader picks the default */
	t->len = wide ? 2 : 1;
	if (t->addr + t->len - 1 > 65535)
		return fail(err, n, "a %s at %u runs past address 65535",
		            type_names[t->type], t->addr);
	return MES_OK;
}

int mes_mb_tag_parse(const char *name, const char *text, struct mes_mb_tag *t,
                     char *err, size_t n)
{
	char buf[1024], *tok, *save = NULL;
	unsigned seen = 0;
	int rc, i;

	if (!name || !text || !t)
		return MES_ERR_ARG;
	memset(t, 0, sizeof *t);
	t->scale = 1;
	if (!*name || strlen(name) >= sizeof t->name)
		return fail(err, n, "a tag name is 1 to %zu characters",
		            sizeof t->name - 1);
	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			return fail(err, n, "a tag name is letters, digits, "
			            "'_' and '-'");
	memcpy(t->name, name, strlen(name) + 1);
	if (strlen(text) >= sizeof buf)
		return fail(err, n, "too long");
	memcpy(buf, text, strlen(text) + 1);
	tok = strtok_r(buf, " \t", &save);
	if (!tok)
		return fail(err, n, "empty: expected <kind>:<address> <type> "
		            "[options]");
	if ((rc = tag_address(tok, t, err, n)) != MES_OK)
		return rc;
	t->type = (t->kind == MES_MB_COIL || t->kind == MES_MB_DISCRETE) ?
	          MES_MB_BOOL : MES_MB_U16;
	tok = strtok_r(NULL, " \t", &save);
	if (tok && !strchr(tok, '=')) {
		if ((rc = tag_type(tok, t, err, n)) != MES_OK)
			return rc;
		tok = strtok_r(NULL, " \t", &save);
	}
	for (; tok; tok = strtok_r(NULL, " \t", &save))
		if ((rc = tag_option(tok, t, &seen, err, n)) != MES_OK)
			return rc;
	return tag_check(t, seen, err, n);
}


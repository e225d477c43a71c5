/*
 * A PLC's section of mes.ini into a struct mes_mb_cfg.  Every key of the
 * section is either known or an error: a typo in a tag map would
 * otherwise mean a machine whose counts silently never arrive.  Errors
 * read "file: [section] key = "value": why", as the config module's do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "mb.h"
#include "mb_int.h"

#define QUOTE_MAX 80

/* ---- the section -------------------------------------------------------- */

int mes_mb_is_plc_section(const char *sec, const char **name)
{
	if (!sec || strlen(sec) < 5)
		return 0;
	if (strncasecmp(sec, "plc ", 4) && strncasecmp(sec, "plc.", 4))
		return 0;
	if (name)
		*name = sec + 4;
	return 1;
}

int mes_mb_cfg_new(struct mes_mb_cfg **out)
{
	struct mes_mb_cfg *c;

	if (!out)
		return MES_ERR_ARG;
	*out = c = calloc(1, sizeof *c);
	if (!c)
		return MES_ERR_NOMEM;
	c->proto = MES_MB_TCP;
	c->port = 502;
	c->unit = 1;
	c->baud = 19200;
	c->data_bits = 8;
	c->stop_bits = 1;
	c->parity = 'E';
	c->poll_ms = 1000;
	c->timeout_ms = 500;
	c->retry_min_ms = 500;
	c->retry_max_ms = 30000;
	c->busy_retries = 2;
	c->exception_retry_ms = 60000;
	c->gap = 0;
	c->max_regs = 125;
	c->max_bits = 2000;
	return MES_OK;
}

void mes_mb_cfg_free(struct mes_mb_cfg *cfg)
{
	if (!cfg)
		return;
	free(cfg->tags);
	free(cfg->states);
	free(cfg->faults);
	free(cfg);
}

/* "file: [section] key = "value": why" around a reason in why. */
static int key_fail(const struct mes_ini *ini, const char *sec, const char *key,
                    const char *val, const char *why, char *err, size_t n)
{
	char qv[QUOTE_MAX], qs[QUOTE_MAX], qk[QUOTE_MAX];

	mes_text_safe(qs, sizeof qs, sec);
	mes_text_safe(qk, sizeof qk, key);
	mes_text_safe(qv, sizeof qv, val ? val : "");
	return mes_mb_fail(err, n, "%s: [%s] %s = \"%s\": %s",
	                   mes_ini_path(ini), qs, qk, qv, why);
}

struct intkey {
	const char *key;
	long min, max;
	size_t off;
};

#define CFG_INT(f) offsetof(struct mes_mb_cfg, f)

static const struct intkey int_keys[] = {
	{ "port", 1, 65535, CFG_INT(port) },
	{ "unit", 0, 255, CFG_INT(unit) },
	{ "baud", 300, 1000000, CFG_INT(baud) },
	{ "data_bits", 7, 8, CFG_INT(data_bits) },
	{ "stop_bits", 1, 2, CFG_INT(stop_bits) },
	{ "poll_ms", 10, 3600000, CFG_INT(poll_ms) },
	{ "timeout_ms", 10, 60000, CFG_INT(timeout_ms) },
	{ "retry_min_ms", 10, 3600000, CFG_INT(retry_min_ms) },
	{ "retry_max_ms", 10, 3600000, CFG_INT(retry_max_ms) },
	{ "busy_retries", 0, 10, CFG_INT(busy_retries) },
	{ "exception_retry_ms", 0, 86400000, CFG_INT(exception_retry_ms) },
	{ "gap", 0, 1999, CFG_INT(gap) },
	{ "max_regs", 1, 125, CFG_INT(max_regs) },
	{ "max_bits", 1, 2000, CFG_INT(max_bits) },
};
#define NINT (sizeof int_keys / sizeof int_keys[0])

static int load_ints(const struct mes_ini *ini, const char *sec,
                     struct mes_mb_cfg *c, char *err, size_t n)
{
	size_t i;
	long v;
	int rc, *field;

	for (i = 0; i < NINT; i++) {
		field = (int *)(void *)((char *)c + int_keys[i].off);
		rc = mes_ini_int(ini, sec, int_keys[i].key, int_keys[i].min,
		                 int_keys[i].max, *field, &v, err, n);
		if (rc != MES_OK)
			return rc;
		*field = (int)v;
	}
	return MES_OK;
}

static int copy_str(const struct mes_ini *ini, const char *sec, const char *key,
                    char *dst, size_t size, char *err, size_t n)
{
	const char *v = mes_ini_str(ini, sec, key);

	if (!v)
		return MES_OK;
	if (!*v || strlen(v) >= size)
		return key_fail(ini, sec, key, v, "expected a non-empty value",
		                err, n);
	memcpy(dst, v, strlen(v) + 1);
	return MES_OK;
}

static int load_link(const struct mes_ini *ini, const char *sec,
                     struct mes_mb_cfg *c, char *err, size_t n)
{
	static const char *const protos[] = { "tcp", "rtu", NULL };
	static const char *const parities[] = { "none", "even", "odd", NULL };
	int rc, p, par = c->parity == 'N' ? 0 : c->parity == 'E' ? 1 : 2;

	if ((rc = mes_ini_enum(ini, sec, "protocol", protos, (int)c->proto,
	                       &p, err, n)) != MES_OK ||
	    (rc = mes_ini_enum(ini, sec, "parity", parities, par, &par, err,
	                       n)) != MES_OK ||
	    (rc = copy_str(ini, sec, "host", c->host, sizeof c->host, err,
	                   n)) != MES_OK ||
	    (rc = copy_str(ini, sec, "device", c->device, sizeof c->device,
	                   err, n)) != MES_OK ||
	    (rc = load_ints(ini, sec, c, err, n)) != MES_OK)
		return rc;
	c->proto = (enum mes_mb_proto)p;
	c->parity = "NEO"[par];
	if (c->proto == MES_MB_TCP && !c->host[0])
		return key_fail(ini, sec, "host", "", "protocol tcp needs a "
		                "host", err, n);
	if (c->proto == MES_MB_RTU && !c->device[0])
		return key_fail(ini, sec, "device", "", "protocol rtu needs a "
		                "serial device", err, n);
	if (c->proto == MES_MB_RTU && (c->unit < 1 || c->unit > 247))
		return key_fail(ini, sec, "unit", mes_ini_str(ini, sec, "unit"),
		                "an RTU unit id is 1 to 247", err, n);
	if (c->retry_min_ms > c->retry_max_ms)
		return key_fail(ini, sec, "retry_min_ms",
		                mes_ini_str(ini, sec, "retry_min_ms"),
		                "above retry_max_ms", err, n);
	return MES_OK;
}

static int is_link_key(const char *key)
{
	static const char *const words[] = {
		"protocol", "parity", "host", "device", NULL
	};
	size_t i;

	if (mes_mb_word_index(words, key) >= 0)
		return 1;
	for (i = 0; i < NINT; i++)
		if (!strcmp(int_keys[i].key, key))
			return 1;
	return 0;
}

static int grow(void **v, size_t *n, size_t size)
{
	void *p = realloc(*v, (*n + 1) * size);

	if (!p)
		return MES_ERR_NOMEM;
	*v = p;
	memset((char *)p + *n * size, 0, size);
	(*n)++;
	return MES_OK;
}

/* state.<code> = running|idle|down|setup [reason]; fault.<code> = text */
static int load_code(const struct mes_ini *ini, const char *sec,
                     const char *key, const char *val, int is_state,
                     struct mes_mb_cfg *c, char *err, size_t n)
{
	struct mes_mb_code *e;
	const char *p = val;
	char word[16];
	size_t len;
	long code;
	int st = 0;

	if (mes_mb_parse_long(strchr(key, '.') + 1, -2147483648L,
	                      4294967295L, &code) != 0)
		return key_fail(ini, sec, key, val, "the code after the '.' is "
		                "a decimal number", err, n);
	if (is_state) {
		len = strcspn(p, " \t");
		if (len >= sizeof word)
			len = sizeof word - 1;
		memcpy(word, p, len);
		word[len] = '\0';
		st = mes_mb_state_parse(word);
		if (st < 1)
			return key_fail(ini, sec, key, val, "expected running, "
			                "idle, down or setup, then an optional "
			                "reason", err, n);
		p += strcspn(p, " \t");
		p += strspn(p, " \t");
	} else if (!*p) {
		return key_fail(ini, sec, key, val, "expected the fault's text",
		                err, n);
	}
	if (grow(is_state ? (void **)&c->states : (void **)&c->faults,
	         is_state ? &c->nstates : &c->nfaults, sizeof *e) != MES_OK)
		return MES_ERR_NOMEM;
	e = is_state ? &c->states[c->nstates - 1] : &c->faults[c->nfaults - 1];
	e->code = code;
	e->state = (enum mes_mb_state)st;
	snprintf(e->text, sizeof e->text, "%s", p);
	return MES_OK;
}

static int load_tag(const struct mes_ini *ini, const char *sec, const char *key,
                    const char *val, struct mes_mb_cfg *c, char *err, size_t n)
{
	struct mes_mb_tag t;
	char why[256];
	size_t i;

	if (mes_mb_tag_parse(key + 4, val, &t, why, sizeof why) != MES_OK)
		return key_fail(ini, sec, key, val, why, err, n);
	for (i = 0; i < c->ntags; i++)
		if (!strcmp(c->tags[i].name, t.name))
			return key_fail(ini, sec, key, val, "tag defined twice",
			                err, n);
	if (grow((void **)&c->tags, &c->ntags, sizeof t) != MES_OK)
		return MES_ERR_NOMEM;
	c->tags[c->ntags - 1] = t;
	return MES_OK;
}

static int load_key(const struct mes_ini *ini, const char *sec, const char *key,
                    struct mes_mb_cfg *c, char *err, size_t n)
{
	const char *val = mes_ini_str(ini, sec, key);

	if (!val)
		val = "";
	if (!strncmp(key, "tag.", 4))
		return load_tag(ini, sec, key, val, c, err, n);
	if (!strncmp(key, "state.", 6))
		return load_code(ini, sec, key, val, 1, c, err, n);
	if (!strncmp(key, "fault.", 6))
		return load_code(ini, sec, key, val, 0, c, err, n);
	if (is_link_key(key))
		return MES_OK;
	return key_fail(ini, sec, key, val, "unknown key (see mes.ini(5): "
	                "link settings, tag.<name>, state.<code>, "
	                "fault.<code>)", err, n);
}

/* The key a tag came from, for messages. */
static const char *tag_key(const struct mes_mb_tag *t, char *buf, size_t n)
{
	snprintf(buf, n, "tag.%s", t->name);
	return buf;
}

/* "file: [section] tag.<name> = "value": why" */
static int tag_fail(const struct mes_ini *ini, const char *sec,
                    const struct mes_mb_tag *t, const char *why, char *err,
                    size_t n)
{
	char key[48];

	tag_key(t, key, sizeof key);
	return key_fail(ini, sec, key, mes_ini_str(ini, sec, key), why, err,
	                n);
}

static int tag_cmp_addr(const void *a, const void *b)
{
	const struct mes_mb_tag *x = *(const struct mes_mb_tag *const *)a;
	const struct mes_mb_tag *y = *(const struct mes_mb_tag *const *)b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return (x->addr > y->addr) - (x->addr < y->addr);
}

static int check_overlap(const struct mes_ini *ini, const char *sec,
                         struct mes_mb_cfg *c, char *err, size_t n)
{
	const struct mes_mb_tag **v, *a, *b;
	char why[128];
	size_t i;
	int rc = MES_OK;

	if (c->ntags < 2)
		return MES_OK;
	v = malloc(c->ntags * sizeof *v);
	if (!v)
		return MES_ERR_NOMEM;
	for (i = 0; i < c->ntags; i++)
		v[i] = &c->tags[i];
	qsort(v, c->ntags, sizeof *v, tag_cmp_addr);
	for (i = 1; i < c->ntags && rc == MES_OK; i++) {
		a = v[i - 1];
		b = v[i];
		if (a->kind != b->kind || a->addr + a->len <= b->addr)
			continue;
		/* Name the one written later in the file. */
		if (a > b) {
			const struct mes_mb_tag *t = a;

			a = b;
			b = t;
		}
		snprintf(why, sizeof why, "overlaps tag.%s (%s:%u, %u %s)",
		         a->name, mes_mb_kind_name(a->kind), a->addr, a->len,
		         a->len > 1 ? "registers" : "address");
		rc = tag_fail(ini, sec, b, why, err, n);
	}
	free(v);
	return rc;
}

/* A code map with no tag to apply it to: name its first key. */
static int code_fail(const struct mes_ini *ini, const char *sec,
                     const char *what, const struct mes_mb_code *c, char *err,
                     size_t n)
{
	char key[32], why[64];

	snprintf(key, sizeof key, "%s.%ld", what, c->code);
	snprintf(why, sizeof why, "no tag has role=%s", what);
	return key_fail(ini, sec, key, mes_ini_str(ini, sec, key), why, err,
	                n);
}

/* Roles the collector books from: two of them would count twice. */
static int check_roles(const struct mes_ini *ini, const char *sec,
                       struct mes_mb_cfg *c, char *err, size_t n)
{
	static const enum mes_mb_role single[] = {
		MES_MB_ROLE_STATE, MES_MB_ROLE_FAULT, MES_MB_ROLE_GOOD,
		MES_MB_ROLE_SCRAP, MES_MB_ROLE_CYCLES,
	};
	const struct mes_mb_tag *first;
	char why[96];
	size_t i, j;

	for (j = 0; j < sizeof single / sizeof single[0]; j++) {
		first = NULL;
		for (i = 0; i < c->ntags; i++) {
			if (c->tags[i].role != single[j])
				continue;
			if (!first) {
				first = &c->tags[i];
				continue;
			}
			snprintf(why, sizeof why, "role=%s is already tag.%s",
			         mes_mb_role_name(single[j]), first->name);
			return tag_fail(ini, sec, &c->tags[i], why, err, n);
		}
		if (!first && single[j] == MES_MB_ROLE_STATE && c->nstates)
			return code_fail(ini, sec, "state", c->states, err, n);
		if (!first && single[j] == MES_MB_ROLE_FAULT && c->nfaults)
			return code_fail(ini, sec, "fault", c->faults, err, n);
	}
	return MES_OK;
}

/* A 32-bit tag must fit one request. */
static int check_limits(const struct mes_ini *ini, const char *sec,
                        const struct mes_mb_cfg *c, char *err, size_t n)
{
	size_t i;

	for (i = 0; i < c->ntags; i++)
		if (c->tags[i].len > (unsigned)c->max_regs)
			return key_fail(ini, sec, "max_regs",
			                mes_ini_str(ini, sec, "max_regs"),
			                "a 32-bit tag needs 2 registers in one "
			                "request", err, n);
	return MES_OK;
}

static void set_defaults(struct mes_mb_cfg *c)
{
	size_t i;
	long hb = 5L * c->poll_ms;

	/* A heartbeat may tick once a second whatever the poll rate. */
	if (hb < 3000)
		hb = 3000;
	for (i = 0; i < c->ntags; i++)
		if (c->tags[i].stale_ms < 0)
			c->tags[i].stale_ms =
			    c->tags[i].role == MES_MB_ROLE_HEARTBEAT ? hb : 0;
}

static int load_keys(const struct mes_ini *ini, const char *sec,
                     struct mes_mb_cfg *c, char *err, size_t n)
{
	int i, nk = mes_ini_nkeys(ini, sec), rc;
	const char *key;

	for (i = 0; i < nk; i++) {
		key = mes_ini_key(ini, sec, i);
		if (key && (rc = load_key(ini, sec, key, c, err, n)) != MES_OK)
			return rc;
	}
	return MES_OK;
}

static int find_section(const struct mes_ini *ini, const char *sec)
{
	int i, n = mes_ini_nsections(ini);
	const char *s;

	for (i = 0; i < n; i++)
		if ((s = mes_ini_section(ini, i)) && !strcasecmp(s, sec))
			return 1;
	return 0;
}

int mes_mb_plc_load(const struct mes_ini *ini, const char *sec,
                    struct mes_mb_cfg **out, char *err, size_t n)
{
	struct mes_mb_cfg *c;
	const char *name;
	int rc;

	if (!out)
		return MES_ERR_ARG;
	*out = NULL;
	if (!ini || !sec || !mes_mb_is_plc_section(sec, &name))
		return MES_ERR_ARG;
	if (!find_section(ini, sec)) {
		mes_mb_fail(err, n, "%s: no section [%s]", mes_ini_path(ini),
		            sec);
		return MES_ERR_NOTFOUND;
	}
	if ((rc = mes_mb_cfg_new(&c)) != MES_OK)
		return rc;
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(c->source, sizeof c->source, "%s: [%s]", mes_ini_path(ini),
	         sec);
	rc = load_link(ini, sec, c, err, n);
	if (rc == MES_OK)
		rc = load_keys(ini, sec, c, err, n);
	if (rc == MES_OK && !c->ntags)
		rc = mes_mb_fail(err, n, "%s: [%s]: no tag.<name> keys",
		          mes_ini_path(ini), sec);
	if (rc == MES_OK)
		rc = check_overlap(ini, sec, c, err, n);
	if (rc == MES_OK)
		rc = check_roles(ini, sec, c, err, n);
	if (rc == MES_OK)
		rc = check_limits(ini, sec, c, err, n);
	if (rc == MES_ERR_NOMEM)
		mes_mb_fail(err, n, "%s: out of memory", mes_ini_path(ini));
	if (rc != MES_OK) {
		mes_mb_cfg_free(c);
		return rc;
	}
	set_defaults(c);
	*out = c;
	return MES_OK;
}

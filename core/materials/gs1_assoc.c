/*
 * The rules between element strings that the syntax dictionary states as
 * "req" (requisite) and "ex" (mutually exclusive) attributes, and the rule
 * that an AI may repeat only with the same value.
 *
 * GS1 applies these rules to everything marked on one item, which can be
 * several symbols, so they live apart from the parser and run over any
 * struct mes_gs1_msg, including one a caller assembled from several scans.
 */
#include <stdio.h>
#include <string.h>
#include "mes.h"
#include "gs1_int.h"

struct outbuf {
	char *p;
	size_t n, w;
};

static void ob_put(struct outbuf *o, const char *s, size_t k)
{
	if (o->w + k >= o->n)
		k = o->n - o->w - 1;
	memcpy(o->p + o->w, s, k);
	o->w += k;
	o->p[o->w] = '\0';
}

/* Pattern "31nn" matches AI 3100 to 3199; patterns have the AI's length. */
static int pat_match(const char *pat, size_t n, const char *ai)
{
	size_t i;

	if (strnlen(ai, 5) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (pat[i] != ai[i] &&
		    !(pat[i] == 'n' && ai[i] >= '0' && ai[i] <= '9'))
			return 0;
	return 1;
}

static int present(const struct mes_gs1_msg *m, const char *pat, size_t n)
{
	int i;

	for (i = 0; i < m->count; i++)
		if (pat_match(pat, n, m->elem[i].ai))
			return 1;
	return 0;
}

/* Calls fn on each sep-separated piece of s[0..n) until one returns
 * stop; returns whether one did. */
static int each_piece(const char *s, size_t n, char sep, int stop,
                      int (*fn)(const struct mes_gs1_msg *, const char *,
                                size_t),
                      const struct mes_gs1_msg *m)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i; j < n && s[j] != sep; j++)
			;
		if (fn(m, s + i, j - i) == stop)
			return 1;
		i = j + 1;
	}
	return 0;
}

/* "01+21": every part is present. */
static int alt_holds(const struct mes_gs1_msg *m, const char *s, size_t n)
{
	return !each_piece(s, n, '+', 0, present, m);
}

/* "01+21,02,35nn": one alternative holds. */
static int group_holds(const struct mes_gs1_msg *m, const char *s, size_t n)
{
	return each_piece(s, n, ',', 1, alt_holds, m);
}

/* "01+21,02,35nn" -> "(01)+(21), (02) or (35nn)" */
static void describe_group(const char *s, size_t n, char *buf, size_t bn)
{
	struct outbuf o = { buf, bn, 0 };
	const char *last = NULL;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if (s[i] == ',')
			last = s + i;
	ob_put(&o, "(", 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			ob_put(&o, ")+(", 3);
		else if (s[i] == ',' && s + i == last)
			ob_put(&o, ") or (", 6);
		else if (s[i] == ',')
			ob_put(&o, "), (", 4);
		else
			ob_put(&o, s + i, 1);
	}
	ob_put(&o, ")", 1);
}

static int assoc_fail(char err_ai[5], const char *ai)
{
	snprintf(err_ai, 5, "%.4s", ai);
	return MES_ERR_SYNTAX;
}

static int check_dups(const struct mes_gs1_msg *m, char *err, size_t errlen,
                      char err_ai[5])
{
	int i, j;

	for (i = 0; i < m->count; i++)
		for (j = i + 1; j < m->count; j++)
			if (!strncmp(m->elem[i].ai, m->elem[j].ai, 5) &&
			    strncmp(m->elem[i].value, m->elem[j].value,
			            sizeof m->elem[i].value)) {
				msg_set(err, errlen, "(%.4s) appears twice with "
					"different values", m->elem[i].ai);
				return assoc_fail(err_ai, m->elem[i].ai);
			}
	return MES_OK;
}

/* An AI is never exclusive of itself, even when it matches a pattern. */
static int check_ex(const struct mes_gs1_msg *m, int i, const char *ex,
                    char *err, size_t errlen, char err_ai[5])
{
	size_t a = 0, b, n = strlen(ex);
	int j;

	while (a < n) {
		for (b = a; b < n && ex[b] != ','; b++)
			;
		for (j = 0; j < m->count; j++) {
			const char *other = m->elem[j].ai;

			if (!strncmp(other, m->elem[i].ai, 5) ||
			    !pat_match(ex + a, b - a, other))
				continue;
			msg_set(err, errlen, "(%.4s) and (%.4s) cannot appear together",
				m->elem[i < j ? i : j].ai, m->elem[i < j ? j : i].ai);
			return assoc_fail(err_ai, m->elem[i].ai);
		}
		a = b + 1;
	}
	return MES_OK;
}

static int check_req(const struct mes_gs1_msg *m, int i, const char *req,
                     char *err, size_t errlen, char err_ai[5])
{
	size_t a = 0, b, n = strlen(req);
	char want[160];

	while (a < n) {
		for (b = a; b < n && req[b] != ' '; b++)
			;
		if (!group_holds(m, req + a, b - a)) {
			describe_group(req + a, b - a, want, sizeof want);
			msg_set(err, errlen, "(%.4s) is only valid with %s",
				m->elem[i].ai, want);
			return assoc_fail(err_ai, m->elem[i].ai);
		}
		a = b + 1;
	}
	return MES_OK;
}

/* Exclusions first: "(01) and (02)" says more than what (02) lacks. */
int gs1_assoc_check(const struct mes_gs1_msg *m, char *err, size_t errlen,
                    char err_ai[5])
{
	const struct gs1_ai *d[MES_GS1_MAX_ELEMS];
	int i, rc, pass;

	if (m->count < 0 || m->count > MES_GS1_MAX_ELEMS) {
		msg_set(err, errlen, "element count %d out of range", m->count);
		return MES_ERR_ARG;
	}
	for (i = 0; i < m->count; i++) {
		d[i] = gs1_ai_get(m->elem[i].ai, strnlen(m->elem[i].ai, 5));
		if (!d[i]) {
			msg_set(err, errlen, "(%.4s) unknown AI", m->elem[i].ai);
			return assoc_fail(err_ai, m->elem[i].ai);
		}
	}
	if ((rc = check_dups(m, err, errlen, err_ai)) != MES_OK)
		return rc;
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < m->count; i++) {
			rc = pass == 0 ? check_ex(m, i, d[i]->ex, err, errlen, err_ai)
			               : check_req(m, i, d[i]->req, err, errlen,
			                           err_ai);
			if (rc != MES_OK)
				return rc;
		}
	return MES_OK;
}

int mes_gs1_check_assoc(const struct mes_gs1_msg *m, char *err, size_t errlen)
{
	char ai[5];

	msg_set(err, errlen, "%s", "");
	if (!m) {
		msg_set(err, errlen, "no message");
		return MES_ERR_ARG;
	}
	return gs1_assoc_check(m, err, errlen, ai);
}

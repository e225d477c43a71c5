/*
 * The batch record document and its two renderings.  Whatever is in the
 * document is in both; the hash closes each one and covers every byte
 * before its own line, so a copy can be checked without the database and
 * against it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "brec_int.h"

struct sbuf {
	char *p;
	size_t len, cap;
	int oom;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (!b->oom && buf_put(&b->p, &b->len, &b->cap, s, n, 0) != MES_OK)
		b->oom = 1;
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void sb_pad(struct sbuf *b, size_t n)
{
	while (n--)
		sb_put(b, " ", 1);
}

static void sb_html(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_str(b, "&amp;"); break;
		case '<': sb_str(b, "&lt;"); break;
		case '>': sb_str(b, "&gt;"); break;
		case '"': sb_str(b, "&quot;"); break;
		default: sb_put(b, s, 1);
		}
	}
}

static char *dup(struct brec_doc *d, const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		d->oom = 1;
	return p;
}

void brec_init(struct brec_doc *d, const char *key, const char *title)
{
	memset(d, 0, sizeof *d);
	d->key = dup(d, key);
	d->title = dup(d, title);
}

static void row_free(struct brec_row *r)
{
	int k;

	for (k = 0; k < r->n; k++)
		free(r->cell[k]);
	free(r->cell);
}

void brec_free(struct brec_doc *d)
{
	int s, r;

	for (s = 0; s < d->nsecs; s++) {
		free(d->secs[s].title);
		row_free(&d->secs[s].head);
		for (r = 0; r < d->secs[s].nrows; r++)
			row_free(&d->secs[s].rows[r]);
		free(d->secs[s].rows);
	}
	free(d->secs);
	free(d->key);
	free(d->title);
	memset(d, 0, sizeof *d);
}

static void row_set(struct brec_doc *d, struct brec_row *r, int n,
                    const char *const *cells)
{
	int k;

	r->n = 0;
	if (!(r->cell = calloc((size_t)n + 1, sizeof *r->cell))) {
		d->oom = 1;
		return;
	}
	for (k = 0; k < n; k++)
		r->cell[r->n++] = dup(d, cells[k]);
}

void brec_section(struct brec_doc *d, const char *title, const char *head)
{
	struct brec_sec *s;
	const char *cells[32];
	char buf[512], *p, *save = NULL;
	int n = 0;

	if (d->oom)
		return;
	if (d->nsecs == d->cap) {
		int cap = d->cap ? d->cap * 2 : 16;
		struct brec_sec *v = realloc(d->secs, (size_t)cap * sizeof *v);

		if (!v) {
			d->oom = 1;
			return;
		}
		d->secs = v;
		d->cap = cap;
	}
	s = &d->secs[d->nsecs++];
	memset(s, 0, sizeof *s);
	s->title = dup(d, title);
	snprintf(buf, sizeof buf, "%s", head);
	for (p = strtok_r(buf, "|", &save); p && n < 32;
	     p = strtok_r(NULL, "|", &save))
		cells[n++] = p;
	row_set(d, &s->head, n, cells);
}

void brec_row(struct brec_doc *d, int n, const char *const *cells)
{
	struct brec_sec *s;

	if (d->oom || !d->nsecs)
		return;
	s = &d->secs[d->nsecs - 1];
	if (s->nrows == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct brec_row *v = realloc(s->rows, (size_t)cap * sizeof *v);

		if (!v) {
			d->oom = 1;
			return;
		}
		s->rows = v;
		s->cap = cap;
	}
	row_set(d, &s->rows[s->nrows++], n, cells);
}

/* Columns align up to this width; longer cells run on. */
#define COL_MAX 40

static void text_table(struct sbuf *b, const struct brec_sec *s)
{
	size_t w[32] = { 0 }, l;
	int c, r, n = s->head.n;

	for (c = 0; c < n; c++)
		w[c] = strlen(s->head.cell[c]);
	for (r = 0; r < s->nrows; r++)
		for (c = 0; c < n && c < s->rows[r].n; c++)
			if ((l = strlen(s->rows[r].cell[c])) > w[c])
				w[c] = l > COL_MAX ? COL_MAX : l;
	for (r = -1; r < s->nrows; r++) {
		const struct brec_row *row = r < 0 ? &s->head : &s->rows[r];

		int last = -1;

		/* no trailing blanks: an editor that strips them would
		 * otherwise break the hash of a saved copy */
		for (c = 0; c < n && c < row->n; c++)
			if (row->cell[c][0])
				last = c;
		for (c = 0; c <= last; c++) {
			l = strlen(row->cell[c]);
			sb_str(b, row->cell[c]);
			if (c < last)
				sb_pad(b, (l < w[c] ? w[c] - l : 0) + 2);
		}
		sb_str(b, "\n");
	}
}

static void render_text(struct sbuf *b, const struct brec_doc *d)
{
	int s;

	sb_str(b, "BATCH RECORD: ");
	sb_str(b, d->title);
	sb_str(b, "\n" BREC_KEY_LABEL);
	sb_str(b, d->key);
	sb_str(b, "\n");
	for (s = 0; s < d->nsecs; s++) {
		sb_str(b, "\n== ");
		sb_str(b, d->secs[s].title);
		sb_str(b, " ==\n");
		if (d->secs[s].nrows)
			text_table(b, &d->secs[s]);
		else
			sb_str(b, "(none)\n");
	}
	sb_str(b, "\n");
}

static const char css[] =
	"body{font-family:sans-serif;font-size:10pt;margin:1.5em}"
	"h1{font-size:14pt}h2{font-size:11pt;margin-top:1.2em;"
	"border-bottom:1px solid #444}"
	"table{border-collapse:collapse;width:100%}"
	"th,td{border:1px solid #999;padding:2px 4px;text-align:left;"
	"vertical-align:top}th{background:#eee}"
	"td{word-break:break-word}.hash{font-family:monospace;margin-top:2em}"
	"@media print{h2{page-break-after:avoid}tr{page-break-inside:avoid}}";

static void html_row(struct sbuf *b, const struct brec_row *r, const char *tag)
{
	int c;

	sb_str(b, "<tr>");
	for (c = 0; c < r->n; c++) {
		sb_str(b, "<");
		sb_str(b, tag);
		sb_str(b, ">");
		sb_html(b, r->cell[c]);
		sb_str(b, "</");
		sb_str(b, tag);
		sb_str(b, ">");
	}
	sb_str(b, "</tr>\n");
}

static void render_html(struct sbuf *b, const struct brec_doc *d)
{
	int s, r;

	sb_str(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	       "\"utf-8\">\n<title>Batch record ");
	sb_html(b, d->key);
	sb_str(b, "</title>\n<style>");
	sb_str(b, css);
	sb_str(b, "</style></head><body>\n<h1>Batch record: ");
	sb_html(b, d->title);
	sb_str(b, "</h1>\n<p class=\"key\">" BREC_KEY_LABEL);
	sb_html(b, d->key);
	sb_str(b, "</p>\n");
	for (s = 0; s < d->nsecs; s++) {
		sb_str(b, "<h2>");
		sb_html(b, d->secs[s].title);
		sb_str(b, "</h2>\n");
		if (!d->secs[s].nrows) {
			sb_str(b, "<p>(none)</p>\n");
			continue;
		}
		sb_str(b, "<table><thead>");
		html_row(b, &d->secs[s].head, "th");
		sb_str(b, "</thead><tbody>\n");
		for (r = 0; r < d->secs[s].nrows; r++)
			html_row(b, &d->secs[s].rows[r], "td");
		sb_str(b, "</tbody></table>\n");
	}
}

int brec_render(const struct brec_doc *d, enum mes_record_format fmt,
                char **buf, size_t *len, char hash[65])
{
	struct sbuf b = { NULL, 0, 0, 0 };

	if (d->oom)
		return MES_ERR_NOMEM;
	if (fmt == MES_RECORD_HTML)
		render_html(&b, d);
	else
		render_text(&b, d);
	mes_sha256_hex(b.p ? b.p : "", b.len, hash);
	if (fmt == MES_RECORD_HTML) {
		sb_str(&b, "<p class=\"hash\">" BREC_HASH_LABEL);
		sb_str(&b, hash);
		sb_str(&b, "</p>\n</body></html>\n");
	} else {
		sb_str(&b, BREC_HASH_LABEL);
		sb_str(&b, hash);
		sb_str(&b, "\n");
	}
	if (b.oom) {
		free(b.p);
		return MES_ERR_NOMEM;
	}
	*buf = b.p;
	*len = b.len;
	return MES_OK;
}

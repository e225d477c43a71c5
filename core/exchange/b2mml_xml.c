/* libxml2 helpers for B2MML: namespace-checked lookups, element paths
 * for messages, and the writer's small building blocks. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libxml/xmlsave.h>
#include "b2mml_int.h"

int bx_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, MES_B2MML_NS) &&
	       (!name || !strcmp((const char *)n->name, name));
}

xmlNode *bx_child(const xmlNode *parent, const char *name)
{
	xmlNode *c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (bx_is(c, name))
			return c;
	return NULL;
}

xmlNode *bx_next(const xmlNode *n)
{
	xmlNode *c;

	for (c = n->next; c; c = c->next)
		if (bx_is(c, (const char *)n->name))
			return c;
	return NULL;
}

int bx_text(const xmlNode *n, char *buf, size_t len)
{
	xmlChar *t;
	const char *s, *e;
	size_t k;

	buf[0] = 0;
	if (!n || !(t = xmlNodeGetContent(n)))
		return 1;
	s = (const char *)t;
	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	k = (size_t)(e - s);
	if (k >= len) {
		xmlFree(t);
		return 0;
	}
	memcpy(buf, s, k);
	buf[k] = 0;
	xmlFree(t);
	return 1;
}

/* Position among same-named element siblings, 0 when it is alone. */
static int sibling_pos(const xmlNode *n)
{
	const xmlNode *c;
	int pos = 0, count = 0;

	for (c = n->parent ? n->parent->children : n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)c->name, (const char *)n->name))
			continue;
		count++;
		if (c == n)
			pos = count;
	}
	return count > 1 ? pos : 0;
}

void bx_path(const xmlNode *n, char *buf, size_t len)
{
	const xmlNode *chain[64];
	size_t used = 0;
	int depth = 0, pos;

	buf[0] = 0;
	for (; n && n->type == XML_ELEMENT_NODE && depth < 64; n = n->parent)
		chain[depth++] = n;
	while (depth-- > 0 && used + 1 < len) {
		pos = sibling_pos(chain[depth]);
		used += (size_t)snprintf(buf + used, len - used, pos ? "/%s[%d]"
		                         : "/%s", (const char *)chain[depth]->name,
		                         pos);
		if (used >= len)
			used = len - 1;
	}
}

xmlNode *bx_add(xmlNode *parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, parent->ns, BAD_CAST name,
	                       text ? BAD_CAST text : NULL);
}

xmlNode *bx_addf(xmlNode *parent, const char *name, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return bx_add(parent, name, buf);
}

xmlNode *bx_value(xmlNode *parent, const char *key, const char *text,
                  const char *type, const char *uom)
{
	xmlNode *v = bx_add(parent, "Value", NULL);

	if (!v)
		return NULL;
	bx_add(v, "ValueString", text);
	bx_add(v, "DataType", type);
	if (uom && *uom)
		bx_add(v, "UnitOfMeasure", uom);
	bx_add(v, "Key", key);
	return v;
}

xmlNode *bx_value_num(xmlNode *parent, const char *key, double q,
                      const char *uom)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%.15g", q);
	return bx_value(parent, key, buf, "double", uom);
}

xmlDoc *bx_new_doc(const char *root_name, xmlNode **root)
{
	xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNode *r;
	xmlNs *ns;

	if (!doc)
		return NULL;
	r = xmlNewNode(NULL, BAD_CAST root_name);
	ns = r ? xmlNewNs(r, BAD_CAST MES_B2MML_NS, NULL) : NULL;
	if (!r || !ns) {
		xmlFreeNode(r);
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlSetNs(r, ns);
	xmlDocSetRootElement(doc, r);
	*root = r;
	return doc;
}

static int write_cb(void *ctx, const char *buf, int len)
{
	return fwrite(buf, 1, (size_t)len, ctx) == (size_t)len ? len : -1;
}

int bx_write(struct mes_db *db, xmlDoc *doc, FILE *out)
{
	xmlSaveCtxt *sv = xmlSaveToIO(write_cb, NULL, out, "UTF-8",
	                              XML_SAVE_FORMAT);
	long r;

	if (!sv)
		return db_fail(db, MES_ERR_NOMEM, "out of memory writing XML");
	r = xmlSaveDoc(sv, doc);
	if (xmlSaveClose(sv) < 0 || r < 0 || fflush(out) != 0 || ferror(out))
		return db_fail(db, MES_ERR_IO, "writing the XML failed "
		               "(disk full?)");
	return MES_OK;
}

/* YYYY-MM-DDTHH:MM:SS[.f...][Z|+HH:MM|-HH:MM] */
static int valid_time(const char *t)
{
	int k;

	for (k = 0; k < 8; k++)
		if (k == 2 || k == 5 ? t[k] != ':' :
		    !isdigit((unsigned char)t[k]))
			return 0;
	if (t[0] > '2' || (t[0] == '2' && t[1] > '4') || t[3] > '5' ||
	    t[6] > '5')
		return 0;
	t += 8;
	if (*t == '.') {
		if (!isdigit((unsigned char)*++t))
			return 0;
		while (isdigit((unsigned char)*t))
			t++;
	}
	if (*t == 'Z')
		return !t[1];
	if (*t == '+' || *t == '-')
		return isdigit((unsigned char)t[1]) &&
		       isdigit((unsigned char)t[2]) && t[3] == ':' &&
		       isdigit((unsigned char)t[4]) &&
		       isdigit((unsigned char)t[5]) && !t[6];
	return !*t;
}

int bx_date(const char *s, char date[11])
{
	if (strlen(s) < 19 || s[10] != 'T' || !valid_time(s + 11))
		return 0;
	memcpy(date, s, 10);
	date[10] = 0;
	return mes_valid_date(date);
}

/* xsd:duration limited to days, hours, minutes, seconds: P1DT2H30M. */
int bx_duration_min(const char *s, double *min)
{
	int in_time = 0;
	char *end;
	double v;

	*min = 0;
	if (*s++ != 'P' || !*s)
		return 0;
	while (*s) {
		if (*s == 'T' && !in_time) {
			in_time = 1;
			s++;
			continue;
		}
		v = strtod(s, &end);
		if (end == s || v < 0)
			return 0;
		if (*end == 'D' && !in_time)
			*min += v * 1440;
		else if (*end == 'H' && in_time)
			*min += v * 60;
		else if (*end == 'M' && in_time)
			*min += v;
		else if (*end == 'S' && in_time)
			*min += v / 60;
		else
			return 0;
		s = end + 1;
	}
	return 1;
}

/* The whole file in memory: libxml2 would report a missing file on
 * standard error itself, and core does not print. */
int bx_slurp(struct mes_db *db, const char *path, const char *name,
                 char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, n;
	char *p;

	*buf = NULL;
	*len = 0;
	if (!f)
		return db_fail(db, MES_ERR_IO, "%s: %s", name, strerror(errno));
	do {
		if (*len + 65536 > cap) {
			cap = cap ? cap * 2 : 65536 * 2;
			if (cap > (size_t)64 << 20 || !(p = realloc(*buf, cap))) {
				fclose(f);
				return db_fail(db, MES_ERR_NOMEM, "%s: larger than"
				               " 64 MB or out of memory", name);
			}
			*buf = p;
		}
		n = fread(*buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	n = ferror(f);
	fclose(f);
	if (n)
		return db_fail(db, MES_ERR_IO, "%s: could not be read", name);
	return MES_OK;
}

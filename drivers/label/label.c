/*
 * Filling a label template and getting the bytes to a printer.  Sending is
 * blocking but bounded: a printer that does not answer costs at most the
 * timeout, never a hung station.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "label.h"
#include "materials.h"
#include "scanner/serial.h"

struct buf {
	char *p;
	size_t len, cap;
};

static int put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->p, cap);

		if (!p)
			return MES_ERR_NOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return MES_OK;
}

/* ^FH with '_': the three bytes that would mean something to ZPL. */
static int put_escaped(struct buf *b, const char *s)
{
	char hex[4];
	int rc = MES_OK;

	for (; *s && rc == MES_OK; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '^' || c == '~' || c == '_' || c < 0x20) {
			snprintf(hex, sizeof hex, "_%02X", c);
			rc = put(b, hex, 3);
		} else {
			rc = put(b, s, 1);
		}
	}
	return rc;
}

int mes_label_render(const char *tmpl, const struct mes_label_field *f,
                     int n, char **out, size_t *len, char *err, size_t errn)
{
	struct buf b = { NULL, 0, 0 };
	const char *p, *open, *close;
	int i, rc = MES_OK;

	if (!tmpl || !out || (n && !f))
		return MES_ERR_ARG;
	for (p = tmpl; rc == MES_OK && (open = strstr(p, "{{")); p = close + 2) {
		if (!(close = strstr(open + 2, "}}"))) {
			snprintf(err, errn, "template: \"{{\" without \"}}\"");
			rc = MES_ERR_SYNTAX;
			break;
		}
		rc = put(&b, p, (size_t)(open - p));
		for (i = 0; i < n; i++)
			if (strlen(f[i].name) == (size_t)(close - open - 2) &&
			    !strncmp(f[i].name, open + 2, (size_t)(close - open - 2)))
				break;
		if (rc == MES_OK && i == n) {
			snprintf(err, errn, "template: unknown field {{%.*s}}",
			         (int)(close - open - 2 > 40 ? 40 :
			               close - open - 2), open + 2);
			rc = MES_ERR_SYNTAX;
		} else if (rc == MES_OK) {
			rc = put_escaped(&b, f[i].value ? f[i].value : "");
		}
	}
	if (rc == MES_OK)
		rc = put(&b, p, strlen(p));
	if (rc != MES_OK) {
		if (rc == MES_ERR_NOMEM)
			snprintf(err, errn, "out of memory");
		free(b.p);
		return rc;
	}
	*out = b.p;
	*len = b.len;
	return MES_OK;
}

int mes_label_load(const char *path, char **out, char *err, size_t errn)
{
	struct buf b = { NULL, 0, 0 };
	char chunk[4096];
	size_t got;
	FILE *f = fopen(path, "r");
	int rc = MES_OK;

	if (!f) {
		snprintf(err, errn, "%s: %s", path, strerror(errno));
		return MES_ERR_IO;
	}
	while (rc == MES_OK && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		rc = b.len + got > 1 << 20 ? MES_ERR_RANGE : put(&b, chunk, got);
	if (rc == MES_OK && ferror(f))
		rc = MES_ERR_IO;
	fclose(f);
	if (rc == MES_OK && !b.p)
		rc = put(&b, "", 0);
	if (rc != MES_OK) {
		snprintf(err, errn, "%s: %s", path, rc == MES_ERR_RANGE ?
		         "over 1 MB: not a label template" : "cannot read it");
		free(b.p);
		return rc;
	}
	*out = b.p;
	return MES_OK;
}

static int write_all(int fd, const char *p, size_t n, int timeout_ms)
{
	struct pollfd pfd = { fd, POLLOUT, 0 };
	ssize_t w;

	while (n) {
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return errno ? -1 : (errno = ETIMEDOUT, -1);
		w = write(fd, p, n);
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		}
	}
	return 0;
}

static int tcp_connect(const char *host, const char *port, int timeout_ms,
                       char *err, size_t errn)
{
	struct addrinfo hints, *res, *a;
	struct pollfd pfd;
	int fd = -1, e, soerr;
	socklen_t sl = sizeof soerr;

	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errn, "printer %s: %s", host, gai_strerror(e));
		return -1;
	}
	for (a = res; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK |
		            SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (errno == EINPROGRESS && poll(&pfd, 1, timeout_ms) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 &&
		    soerr == 0)
			break;
		e = errno ? errno : ETIMEDOUT;
		if (soerr)
			e = soerr;
		close(fd);
		fd = -1;
		errno = e;
	}
	freeaddrinfo(res);
	if (fd < 0)
		snprintf(err, errn, "printer %s:%s: %s", host, port,
		         errno ? strerror(errno) : "no answer");
	return fd;
}

static int send_tcp(const char *spec, const void *buf, size_t len,
                    int timeout_ms, char *err, size_t errn)
{
	char host[256], port[16] = "9100";
	const char *colon = strrchr(spec, ':');
	int fd, rc;

	if (colon && colon != spec && strlen(colon + 1) < sizeof port) {
		snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
		snprintf(port, sizeof port, "%s", colon + 1);
	} else {
		snprintf(host, sizeof host, "%s", spec);
	}
	if (!host[0]) {
		snprintf(err, errn, "printer: tcp:HOST[:PORT]");
		return MES_ERR_ARG;
	}
	errno = 0;
	if ((fd = tcp_connect(host, port, timeout_ms, err, errn)) < 0)
		return MES_ERR_IO;
	rc = write_all(fd, buf, len, timeout_ms);
	if (rc != 0)
		snprintf(err, errn, "printer %s:%s: %s", host, port,
		         strerror(errno));
	close(fd);
	return rc ? MES_ERR_IO : MES_OK;
}

static int send_serial(const char *spec, const void *buf, size_t len,
                       int timeout_ms, char *err, size_t errn)
{
	struct mes_serial_cfg c;
	struct mes_serial *s = NULL;
	const char *colon = strrchr(spec, ':');
	long w;
	int rc;

	mes_serial_cfg_default(&c);
	snprintf(c.port, sizeof c.port, "%.*s", colon ? (int)(colon - spec) :
	         (int)strlen(spec), spec);
	if (colon)
		c.baud = atoi(colon + 1);
	if ((rc = mes_serial_new(&s, &c)) == MES_OK)
		rc = mes_serial_connect(s);
	if (rc == MES_OK) {
		w = mes_serial_write(s, buf, len, timeout_ms);
		rc = w == (long)len ? MES_OK : MES_ERR_IO;
	}
	if (rc != MES_OK)
		snprintf(err, errn, "printer %s: %s", c.port,
		         s ? mes_serial_errmsg(s) : "out of memory");
	mes_serial_free(s);
	return rc == MES_ERR_CONFIG ? MES_ERR_ARG : rc;
}

static int send_file(const char *path, const void *buf, size_t len,
                     char *err, size_t errn)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	int bad;

	if (!f) {
		snprintf(err, errn, "%s: %s", path, strerror(errno));
		return MES_ERR_IO;
	}
	bad = fwrite(buf, 1, len, f) != len;
	bad |= f == stdout ? fflush(f) != 0 : fclose(f) != 0;
	if (bad) {
		snprintf(err, errn, "%s: %s", path, strerror(errno));
		return MES_ERR_IO;
	}
	return MES_OK;
}

int mes_label_send(const char *dest, const void *buf, size_t len,
                   int timeout_ms, char *err, size_t errn)
{
	if (!dest || !*dest || (!buf && len)) {
		snprintf(err, errn, "no printer given");
		return MES_ERR_ARG;
	}
	if (!strncmp(dest, "tcp:", 4))
		return send_tcp(dest + 4, buf, len, timeout_ms, err, errn);
	if (!strncmp(dest, "serial:", 7))
		return send_serial(dest + 7, buf, len, timeout_ms, err, errn);
	if (!strncmp(dest, "file:", 5))
		dest += 5;
	return send_file(dest, buf, len, err, errn);
}

const char *mes_label_template(const char *name)
{
	static char path[256];

	snprintf(path, sizeof path, DATADIR "/labels/%s", name);
	if (access(path, R_OK) != 0) {
		snprintf(path, sizeof path, "data/labels/%s", name);
		if (access(path, R_OK) != 0)
			snprintf(path, sizeof path, DATADIR "/labels/%s", name);
	}
	return path;
}

int mes_label_print_lot(const struct mes_lot *l, const char *tmpl_path,
                        const char *dest, int timeout_ms, char *err,
                        size_t errn)
{
	char qty[32], *tmpl = NULL, *out = NULL;
	size_t len = 0;
	int rc;

	snprintf(qty, sizeof qty, "%g", l->on_hand);
	{
		const struct mes_label_field f[] = {
			{ "lot", l->lot_no }, { "item", l->item_no },
			{ "description", l->description },
			{ "supplier", l->supplier },
			{ "supplier_lot", l->supplier_lot }, { "qty", qty },
			{ "uom", l->uom }, { "expiry", l->expiry },
			{ "status", l->status }, { "created", l->created },
			{ "allergens", l->allergens[0] ? l->allergens :
			  "none declared" },
		};

		rc = mes_label_load(tmpl_path, &tmpl, err, errn);
		if (rc == MES_OK)
			rc = mes_label_render(tmpl, f, (int)(sizeof f / sizeof *f),
			                      &out, &len, err, errn);
	}
	if (rc == MES_OK)
		rc = mes_label_send(dest, out, len, timeout_ms, err, errn);
	free(tmpl);
	free(out);
	return rc;
}

int mes_label_print_unit(const struct mes_unit *u, const char *tmpl_path,
                         const char *dest, int timeout_ms, char *err,
                         size_t errn)
{
	char gs1[64], hri[72], *tmpl = NULL, *out = NULL;
	size_t len = 0;
	int rc;

	if (!u->gtin[0]) {
		snprintf(err, errn, "%s has no GTIN for the label's GS1 "
		         "DataMatrix: mesctl item gs1 gives it one", u->item_no);
		return MES_ERR_STATE;
	}
	snprintf(gs1, sizeof gs1, "01%s21%s", u->gtin, u->serial);
	snprintf(hri, sizeof hri, "(01)%s(21)%s", u->gtin, u->serial);
	{
		const struct mes_label_field f[] = {
			{ "serial", u->serial }, { "item", u->item_no },
			{ "description", u->description }, { "gtin", u->gtin },
			{ "wo", u->wo_no }, { "created", u->created },
			{ "gs1", gs1 }, { "hri", hri },
		};

		rc = mes_label_load(tmpl_path, &tmpl, err, errn);
		if (rc == MES_OK)
			rc = mes_label_render(tmpl, f, (int)(sizeof f / sizeof *f),
			                      &out, &len, err, errn);
	}
	if (rc == MES_OK)
		rc = mes_label_send(dest, out, len, timeout_ms, err, errn);
	free(tmpl);
	free(out);
	return rc;
}

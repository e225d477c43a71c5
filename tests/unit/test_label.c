/* Lot labels: templates filled and escaped for ZPL, and the bytes sent to
 * a file, a TCP printer (a real listening socket) and a serial printer (a
 * real pty). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fixture.h"
#include "label/label.h"
#include "testhelp.h"

static const struct mes_label_field fields[] = {
	{ "lot", "L0000042" }, { "supplier_lot", "A^B~C_D" },
};

static void render(void)
{
	char *out = NULL, err[256];
	size_t len = 0;

	T_CASE("placeholders are filled; ^ ~ _ are escaped for ^FH");
	T_CHECK_RC(mes_label_render("^XA^FH^FD{{lot}} {{supplier_lot}}^FS^XZ",
	           fields, 2, &out, &len, err, sizeof err), MES_OK);
	T_CHECK_STR(out, "^XA^FH^FDL0000042 A_5EB_7EC_5FD^FS^XZ");
	T_CHECK(len == strlen(out));
	free(out);

	T_CASE("an unknown placeholder or an open {{ is refused by name");
	T_CHECK_RC(mes_label_render("{{lot}} {{colour}}", fields, 2, &out,
	           &len, err, sizeof err), MES_ERR_SYNTAX);
	T_CHECK_HAS(err, "{{colour}}");
	T_CHECK_RC(mes_label_render("{{lot", fields, 2, &out, &len, err,
	           sizeof err), MES_ERR_SYNTAX);

	T_CASE("the shipped template renders with the fields mesctl gives");
	{
		const struct mes_label_field all[] = {
			{ "lot", "L1" }, { "item", "I" }, { "description", "D" },
			{ "supplier", "S" }, { "supplier_lot", "SL" },
			{ "qty", "1" }, { "uom", "kg" }, { "expiry", "" },
			{ "status", "released" }, { "created", "now" },
			{ "allergens", "contains MILK" },
		};
		char *t = NULL;

		T_CHECK_RC(mes_label_load("data/labels/lot.zpl", &t, err,
		                          sizeof err), MES_OK);
		T_CHECK_RC(mes_label_render(t, all, 11, &out, &len, err,
		                            sizeof err), MES_OK);
		T_CHECK(out && !strncmp(out, "^XA", 3) && strstr(out, "^XZ"));
		free(t);
		free(out);
	}
	T_CHECK_RC(mes_label_load("no/such/file", &out, err, sizeof err),
	           MES_ERR_IO);
}

static void send_file(void)
{
	char err[256], buf[64] = "";
	const char *path = fx_path("label.zpl");
	char dest[4200];
	FILE *f;

	T_CASE("a label to a file");
	snprintf(dest, sizeof dest, "file:%s", path);
	T_CHECK_RC(mes_label_send(dest, "^XA^XZ", 6, 1000, err, sizeof err),
	           MES_OK);
	if ((f = fopen(path, "r"))) {
		T_CHECK(fgets(buf, sizeof buf, f) != NULL);
		fclose(f);
	}
	T_CHECK_STR(buf, "^XA^XZ");
	T_CHECK_RC(mes_label_send("file:/no/such/dir/x", "x", 1, 1000, err,
	                          sizeof err), MES_ERR_IO);
	T_CHECK_RC(mes_label_send("", "x", 1, 1000, err, sizeof err),
	           MES_ERR_ARG);
}

static void send_tcp(void)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	char err[256], dest[64], buf[64] = "";
	int s = socket(AF_INET, SOCK_STREAM, 0), c;
	ssize_t n;

	T_CASE("a label to a raw TCP printer");
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	T_CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
	T_CHECK(listen(s, 1) == 0);
	T_CHECK(getsockname(s, (struct sockaddr *)&a, &al) == 0);
	snprintf(dest, sizeof dest, "tcp:127.0.0.1:%d", ntohs(a.sin_port));
	T_CHECK_RC(mes_label_send(dest, "^XA^XZ", 6, 2000, err, sizeof err),
	           MES_OK);
	c = accept(s, NULL, NULL);
	n = c >= 0 ? read(c, buf, sizeof buf - 1) : -1;
	if (n > 0)
		buf[n] = 0;
	T_CHECK_STR(buf, "^XA^XZ");
	if (c >= 0)
		close(c);
	close(s);

	T_CASE("a printer that refuses: the message says which");
	T_CHECK_RC(mes_label_send("tcp:127.0.0.1:1", "x", 1, 1000, err,
	                          sizeof err), MES_ERR_IO);
	T_CHECK_HAS(err, "127.0.0.1:1");
}

static void send_serial(void)
{
	struct pollfd p;
	char err[256], name[128], dest[200], buf[64] = "";
	int m, s;
	ssize_t n = 0;

	T_CASE("a label to a serial printer (a pty)");
	/* openpty writes the name unbounded; glibc's are /dev/pts/N. */
	if (openpty(&m, &s, name, NULL, NULL) != 0) {
		T_CHECK(!"openpty");
		return;
	}
	snprintf(dest, sizeof dest, "serial:%.120s:9600", name);
	T_CHECK_RC(mes_label_send(dest, "^XA^XZ", 6, 2000, err, sizeof err),
	           MES_OK);
	p.fd = m;
	p.events = POLLIN;
	if (poll(&p, 1, 2000) == 1)
		n = read(m, buf, sizeof buf - 1);
	if (n > 0)
		buf[n] = 0;
	T_CHECK_STR(buf, "^XA^XZ");
	close(s);
	close(m);
	T_CHECK_RC(mes_label_send("serial:/dev/no-such-printer", "x", 1, 500,
	                          err, sizeof err), MES_ERR_IO);
}

int main(void)
{
	render();
	send_file();
	send_tcp();
	send_serial();
	return t_report("test_label");
}

/* The CSV reader the importers use, header mapping included. */
#include <stdio.h>
#include "csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"wo_no", "item", "qty", "release_date", "due_date", "priority",
		NULL
	};
	struct mes_csv c;
	int col[8], rc, n = 0;
	FILE *f;

	if (size == 0 || !(f = fmemopen((void *)data, size, "r")))
		return 0;
	mes_csv_init(&c, f, "fuzz.csv");
	rc = mes_csv_header(&c, names, col);
	while (rc >= 0 && n++ < 100000 && (rc = mes_csv_read(&c)) == 1) {
		int i;
		size_t sum = 0;

		for (i = 0; i < c.nfields; i++)
			sum += (unsigned char)c.fields[i][0];
		(void)sum;
	}
	mes_csv_free(&c);
	fclose(f);
	return 0;
}

/* Finding and reading mes.ini, shared by every program. */
#include "settings.h"

int ui_load_settings(const char *opt, struct mes_settings *s, char *path,
                     size_t pathn, mes_warn_fn warn, void *ctx, char *err,
                     size_t errn)
{
	struct mes_ini *ini = NULL;
	int rc;

	mes_settings_default(s);
	rc = mes_config_find(opt, path, pathn, err, errn);
	if (rc != MES_OK || !path[0])
		return rc;
	rc = mes_ini_load(path, &ini, err, errn);
	if (rc == MES_OK)
		rc = mes_config_settings(ini, s, warn, ctx, err, errn);
	mes_ini_free(ini);
	return rc;
}

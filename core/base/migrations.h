/* The schema, compiled in from data/migrations/ (see gen-migrations.sh). */
#ifndef MES_MIGRATIONS_H
#define MES_MIGRATIONS_H

struct mes_migration {
	int version;        /* PRAGMA user_version after applying it */
	const char *name;
	const char *sql;
};

extern const struct mes_migration mes_migrations[];
extern const int mes_migration_count;

#endif

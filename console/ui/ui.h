/*
 * The terminal toolkit every program shares: one owner of curses (crt.c),
 * a stack of views drawn one at a time (view.c), a scrolling list
 * (list.c), modal forms (form.c) and the key table (keymap.c).
 */
#ifndef UI_H
#define UI_H

#include <stddef.h>
#include "mes.h"

/* Keys: a character as itself (>= 0), a curses key code negated. */
#define UI_KEY(code) (-(code))
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_GS 0x1d                 /* Ctrl-]: the GS1 group separator */

/*
 * Every action a key can trigger, by the name a key table's reader sees.
 * The F-key actions are slots a program gives its own meaning (mes-quality's
 * GANTT opens its non-conformances): what each means, and which keys
 * reach it, is the program's key table (ui_keymap below), not this list.
 */
#define UI_ACTION_LIST(X) \
	X(NONE,      "none")         \
	X(HELP,      "help")         \
	X(QUIT,      "quit")         \
	X(BACK,      "back")         \
	X(UP,        "up")           \
	X(DOWN,      "down")         \
	X(PGUP,      "page-up")      \
	X(PGDN,      "page-down")    \
	X(HOME,      "home")         \
	X(END,       "end")          \
	X(LEFT,      "left")         \
	X(RIGHT,     "right")        \
	X(OPEN,      "open")         \
	X(START,     "start")        \
	X(PAUSE,     "pause")        \
	X(REPORT,    "report")       \
	X(COMPLETE,  "complete")     \
	X(ANDON,     "andon")        \
	X(INSTR,     "instructions") \
	X(GANTT,     "gantt")        \
	X(LOAD,      "load")         \
	X(JUMP,      "jump")         \
	X(ZOOM_IN,   "zoom-in")      \
	X(ZOOM_OUT,  "zoom-out")     \
	X(LOGOUT,    "logout")       \
	X(PREV_ITEM, "previous")     \
	X(NEXT_ITEM, "next")         \
	X(EARLIER,   "earlier")      \
	X(LATER,     "later")        \
	X(MOVE_WC,   "move-to")      \
	X(CLOCK_OFF, "clock-off")    \
	X(SCENARIO,  "scenario")     \
	X(TOOL,      "tool")         \
	X(UNIT,      "unit")         \
	X(CLEAN,     "clean")        \
	X(REFRESH,   "refresh")

enum ui_action {
#define UI_ACT_ENUM(id, name) ACT_##id,
	UI_ACTION_LIST(UI_ACT_ENUM)
#undef UI_ACT_ENUM
	ACT_COUNT
};

/* ---- crt: the only code that talks to curses ----------------------------- */

enum ui_color {
	CLR_NORMAL, CLR_TITLE, CLR_HEADER, CLR_SELECTED, CLR_FKEY, CLR_FBAR,
	CLR_MSG_INFO, CLR_MSG_ERROR, CLR_LATE, CLR_RUNNING, CLR_BLOCKED,
	CLR_DIM, CLR_ALARM, CLR_NOW, CLR_COUNT
};

enum ui_glyph { G_HLINE, G_VLINE, G_BAR_FULL, G_BAR_EMPTY, G_NOW, G_ULCORNER,
	G_URCORNER, G_LLCORNER, G_LRCORNER, G_COUNT };

/* Starts curses in raw mode (a scanner's 0x1C must not kill us, and XON
 * and XOFF bytes must arrive).  mono forces monochrome. */
int crt_init(int mono);
void crt_done(void);
/* Ends curses, prints the message, exits 1. */
void crt_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
int crt_attr(enum ui_color c);
/* A line-drawing character: ACS, UTF-8 or ASCII as the terminal allows. */
void crt_glyph(int y, int x, enum ui_glyph g);
void crt_hline(int y, int x, int n);
/* Waits up to timeout_ms (-1 forever) for a key; 0 when none came, 2
 * for a key put back with crt_unread, 1 for one from the terminal. */
int crt_read_key(int timeout_ms, int *key);
/* Puts keys back to be read again first (a burst that was not a scan). */
void crt_unread(const int *keys, int n);
/* Writes text at (y, x) cut to n columns, padding with spaces to n. */
void crt_put(int y, int x, int n, const char *text, int attr);
/* Text wrapped at word breaks into h lines of w columns from (y, x),
 * its first skip lines left out. */
void crt_put_wrapped(int y, int x, int w, int h, const char *text, int skip,
                     int attr);
/* Lines text takes wrapped as crt_put_wrapped breaks it (at least 1). */
int ui_text_lines(const char *s, int cols);
const char *crt_key_name(int key, char *buf, size_t n);

/* ---- the program around the views ---------------------------------------- */

struct ui_app;
struct ui_view;

enum ui_result { UI_DONE = 1, UI_RELOAD = 2, UI_POP = 4, UI_QUIT = 8 };

struct ui_view_ops {
	const char *name;
	const char *help;                 /* a paragraph for the help screen */
	/* The actions on this screen's bar; each shows in the slot of its
	 * F-key in the program's key table. */
	enum ui_action bar[10];
	int (*reload)(struct ui_view *v);
	/* What another process's change must touch to matter here: MES_CH_
	 * bits (0: any change).  update, when there is one, applies just
	 * the changes the journal lists (rows of the work centers and
	 * operations in c); without it a change that matters reloads. */
	unsigned watch;
	int (*update)(struct ui_view *v, const struct mes_changes *c);
	void (*draw)(struct ui_view *v, int top, int rows, int cols);
	int (*action)(struct ui_view *v, enum ui_action a, int key);
	/* A scan or typed barcode: ui_result flags, 0 when not wanted. */
	int (*scan)(struct ui_view *v, const char *text);
	/* A label for a bar slot that depends on state (e.g. Pause/Resume);
	 * NULL: the key table's label for this screen. */
	const char *(*bar_label)(struct ui_view *v, enum ui_action a);
	void (*close)(struct ui_view *v);
	/* A list screen: where its struct ui_list is in priv (UI_LIST_AT),
	 * so that moving, Back and Quit work the same on every list. */
	size_t list;
};
#define UI_LIST_AT(type, member) (offsetof(type, member) + 1)

struct ui_view {
	const struct ui_view_ops *ops;
	struct ui_app *app;
	void *priv;
};

struct ui_app_cfg {
	const char *program;              /* "mes-dispatch" */
	int min_rows, min_cols;
	int poll_ms;                      /* how often to look for changes */
	/* Reports a counter that moves when another process commits. */
	int (*changed)(void *ctx, long long *version);
	/* Inside snapshot(ctx, 1) ... snapshot(ctx, 0), one committed state:
	 * changes(ctx, c, 1) sets c->seq to the newest change (the start of a
	 * full reload), changes(ctx, c, 0) reads those after it. */
	void (*snapshot)(void *ctx, int begin);
	int (*changes)(void *ctx, struct mes_changes *c, int start);
	/* A scan no view took: e.g. jump to a traveler's operation. */
	int (*global_scan)(struct ui_app *app, const char *text, void *ctx);
	/* The right side of the title line (who is logged in). */
	const char *(*status)(void *ctx);
	/* After ui_restart, with every view gone: the first screen again. */
	void (*restart)(void *ctx);
	/* Whether a quit asked for goes ahead (it may lock or ask first).
	 * May be NULL: it always does. */
	int (*may_quit)(struct ui_app *app, void *ctx);
	/* Every key: the session is in use.  May be NULL. */
	void (*touch)(void *ctx);
	/* Between keys in a modal prompt: 1 when the session has locked
	 * itself (it has logged out and asked for a restart).  May be NULL. */
	int (*idle)(void *ctx);
	void *ctx;
	/* Modal forms serve the watched descriptor too (a gauge feeding
	 * ui_form_feed); when 0 a device waits until the form closes. */
	int form_watch;
};

struct ui_app *ui_app_new(const struct ui_app_cfg *cfg);
void ui_app_free(struct ui_app *app);
void ui_push(struct ui_app *app, const struct ui_view_ops *ops, void *priv);
void ui_pop(struct ui_app *app);
/* Pushes a view whose state is size zeroed bytes, freed by ui_free_priv
 * as its close: the state, or NULL after saying "out of memory". */
void *ui_push_new(struct ui_app *app, const struct ui_view_ops *ops,
                  size_t size);
void ui_free_priv(struct ui_view *v);
struct ui_view *ui_top(struct ui_app *app);
/* Asks for a fresh start once the key or poll being handled is done:
 * every view is closed and cfg.restart opens the first screen again, so
 * that whoever logs in next inherits nothing that was chosen or typed. */
void ui_restart(struct ui_app *app);
/* Runs until a view quits. */
int ui_run(struct ui_app *app);
/* The message line: never hides data, cleared by the next key. */
void ui_msg(struct ui_app *app, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *ui_ctx(struct ui_app *app);
/* Draws the whole screen now (used by modal forms under their box). */
void ui_paint(struct ui_app *app);
/* The same with a question in the message line's place (wrapped as a
 * message is: a question is never cut). */
void ui_paint_asking(struct ui_app *app, const char *question);

/*
 * One more descriptor the loop waits on beside the keyboard (a serial
 * scanner).  Each time round, fd_fn returns the descriptor (-1: none now)
 * and sets *timeout_ms to the longest wait before ready must run anyway
 * (-1: no limit); ready runs when the descriptor is readable or the wait
 * is up (and at every poll_ms tick), and may call ui_scan or ui_msg.
 * Keys typed ahead are read first.  One per program; NULL fd_fn removes it.
 */
typedef int (*ui_fd_fn)(void *ctx, int *timeout_ms);
typedef void (*ui_ready_fn)(struct ui_app *app, void *ctx);
void ui_watch_fd(struct ui_app *app, ui_fd_fn fd_fn, ui_ready_fn ready,
                 void *ctx);
/* A scan from elsewhere (a serial scanner), handled as a keyboard burst. */
void ui_scan(struct ui_app *app, const char *text);
/*
 * What a modal prompt (a form, a text box, a question) reads: UI_IN_KEY
 * a key in *key; UI_IN_SCAN a burst ended by Enter, in scan (a scan is
 * never typed into a prompt as keys); UI_IN_NONE with form_watch set,
 * when the watched descriptor was served and no key came; UI_IN_GONE
 * when the prompt must close unanswered (the idle lock, a log-out).
 */
enum ui_input { UI_IN_NONE, UI_IN_KEY, UI_IN_SCAN, UI_IN_GONE };
int ui_modal_read(struct ui_app *app, int *key, char *scan, size_t n);

/* ---- a program's start and end -------------------------------------------- */

struct ui_prog;

/*
 * What a terminal program is beyond what they all share (options, mes.ini,
 * the database, the terminal, log-in, the idle lock, the change poll, the
 * title line): its name, its own settings and its first screen.
 */
struct ui_prog_def {
	const char *name;            /* "mes-dispatch" */
	const struct ui_keymap *keys; /* its key table (keys.c); --keys prints it */
	const char *locked;          /* log-in banner; NULL: the usual one */
	const char *unlock;          /* the idle lock says; NULL: "badge in" */
	int form_watch;              /* as in ui_app_cfg */
	/* Before the terminal starts: the program's own sections of
	 * p->config_file.  0, or -1 after saying why on stderr (exit 1). */
	int (*setup)(struct ui_prog *p);
	/* The first view (and a watched descriptor) once p->app exists:
	 * 0, or -1 when out of memory. */
	int (*start)(struct ui_prog *p);
	/* As in ui_app_cfg: a scan no view took. */
	int (*global_scan)(struct ui_app *app, const char *text, void *ctx);
	/* After the terminal has ended: close devices.  May be NULL. */
	void (*end)(struct ui_prog *p);
	void *ctx;                   /* the program's state: ui_ctx(app) */
};

struct ui_prog {
	const struct ui_prog_def *def;
	const char *name;            /* def->name */
	int shared;                  /* --shared: badge + PIN only */
	int mono;                    /* --mono */
	struct mes_settings set;
	struct mes_db *db;
	struct ui_app *app;
	char config_file[4096];      /* the mes.ini read, "" for none */
	char who[256];               /* "Olga Brandt (operator)" or "locked" */
	char device[80];             /* "scanner connected", "" for none */
	char status[400];            /* the title line's right side */
	long long hub_checked;       /* when the centre's mark was last looked at */
	int hub_alarm;               /* the centre has not confirmed for 5 min */
};

/*
 * Runs a program: reads --config, --db, --shared, --mono, --help,
 * --version and mes.ini, opens the database (printing why and exiting 1,
 * or 2 for usage, when it cannot), runs def->setup, starts the terminal,
 * def->start, logs in (the system account unless --shared, else the
 * badge screen) and runs the views until one quits.  Returns the exit
 * status.  One per process.
 */
int ui_prog_run(const struct ui_prog_def *def, int argc, char **argv);
/* Logs out and shows the badge screen (also what the idle lock does). */
void ui_prog_logout(struct ui_prog *p);
/* Sets the device part of the title line ("gauge disconnected"). */
void ui_prog_device(struct ui_prog *p, const char *state);
/* Where this session's log-ins come from, for the per-terminal failure
 * budget: "ssh ADDRESS" over SSH, else the terminal device, else "". */
void ui_terminal_name(char *out, size_t n);

/* ---- log-in ------------------------------------------------------------- */

struct mes_db;
/*
 * The badge + PIN screen every program shares (a shared terminal, or after
 * the idle lock).  After a good log-in the view pops and logged_in(ctx)
 * runs (to set the title line).  banner NULL: "This terminal is locked."
 */
void ui_login_push(struct ui_app *app, struct mes_db *db,
                   void (*logged_in)(void *ctx), void *ctx,
                   const char *banner);
int ui_login_showing(struct ui_app *app);

/* ---- keys ------------------------------------------------------------------- */

/*
 * One row of a program's key table (tig's keymaps).  A row with no screen
 * binds the action for the whole program: its F-key, its plain keys, the
 * bar label and help line it has wherever no screen row says otherwise.
 * A row naming a screen (a view's ops->name) says what the action means
 * there and leaves fkey and keys 0: keys reach the same action on every
 * screen.  Actions a program does not bind fall back to the shared
 * navigation keys (keymap.c); anything else does nothing.
 */
struct ui_key {
	const char *screen;
	enum ui_action a;
	int fkey;                 /* 1..10: its bar slot; 0: not on the bar */
	int keys[4];              /* plain keys (terminals without F-keys) */
	const char *label;        /* on the bar */
	const char *help;         /* a line on the help screen and man page */
};

/* A word for the hint line at the foot of a screen: "s downtime". */
struct ui_hint {
	const char *screen;
	enum ui_action a;
	const char *word;
};

struct ui_keymap {
	const char *program;
	const struct ui_key *rows;
	size_t n;
	const char *note;         /* ends every help screen; may be NULL */
	const struct ui_hint *hints;  /* ends with a NULL screen; may be NULL */
};

/*
 * Makes km the program's key table.  With --keys among the arguments it
 * prints the table as the man page's KEYS list (mdoc .It lines) and exits
 * 0, or says what is wrong with it (a key bound twice, an F-key action
 * without a plain key, a label or line too wide for the bar or the help
 * screen) and exits 1.  Call it first in main().
 */
void ui_keys_main(const struct ui_keymap *km, int argc, char **argv);
/* The action key reaches in this program; ACT_NONE for none. */
enum ui_action ui_key_action(int key);
/* a's bar slot (1..10), or 0 when it has none. */
int ui_key_fkey(enum ui_action a);
/* What a is called on the bar of the named screen ("" when unbound). */
const char *ui_key_label(const char *screen, enum ui_action a);
/* The hint line of view v: "KEY WORD" for each hint of its screen, the
 * key the action's own (so a hint cannot name a key that does something
 * else), then "Esc back" when back is set. */
void ui_key_hint(const struct ui_view *v, int back, char *buf, size_t n);
/* The help screen of view v: its paragraph, then its keys. */
void ui_key_help(const struct ui_view *v, char *buf, size_t n);

/* ---- a scrolling list --------------------------------------------------------- */

/* What a field of a row holds (a table cell, a list's key). */
enum ui_cell { UI_STR, UI_INT, UI_LLONG };   /* what field holds */

struct ui_list {
	int count, sel, top;
	int page;                         /* rows the table drew last */
	/* The selected record across a reload (ui_list_refill). */
	const void *rows;
	size_t size, key;
	enum ui_cell kind;
	int marked;
	char mark[64];
};
/* Moves the selection for navigation actions; returns 1 if it handled a. */
int ui_list_nav(struct ui_list *l, enum ui_action a, int rows);
/* A list screen's own keys, before its action() sees them (see
 * ui_view_ops.list): navigation (UI_DONE), Back (UI_POP) and Quit
 * (UI_QUIT); 0 for the keys the screen handles itself. */
int ui_list_action(struct ui_list *l, enum ui_action a);
/* For a listing's callback: copies rec (size bytes) into rows[count] and
 * counts it; non-zero, which stops the listing, once cap rows are in. */
int ui_list_take(struct ui_list *l, void *rows, size_t size, int cap,
                 const void *rec);
/*
 * The start of a reload: empties the list and remembers the selected
 * record by its key (a char[] or long long field at offset key of rows
 * of size bytes), so that ui_list_loaded selects the same record however
 * the list changed around it, and a key acts on what was highlighted.
 */
void ui_list_refill(struct ui_list *l, const void *rows, size_t size,
                    size_t key, enum ui_cell kind);
/* At the end of a reload: the remembered record selected again, else the
 * selection kept inside the rows (the page the table drew last, at least
 * one line, in view).  Returns 0. */
int ui_list_loaded(struct ui_list *l);
void ui_list_clamp(struct ui_list *l, int rows);

/* ---- a table: a list's rows in declared columns --------------------------------- */

enum ui_align { UI_LEFT, UI_RIGHT };


/* A cell's text from a field of the row (char[], int or long long), or
 * made by get. */
#define UI_FIELD(type, member) .field = offsetof(type, member)
#define UI_INTF(type, member) .field = offsetof(type, member), .kind = UI_INT
#define UI_LLF(type, member) .field = offsetof(type, member), .kind = UI_LLONG

struct ui_col {
	const char *title;                /* NULL ends the columns */
	int width;                        /* columns; 0: the rest of the line */
	enum ui_align align;
	size_t field;                     /* offset of the field in the row */
	enum ui_cell kind;
	/* Writes the cell's text for row into buf (n bytes); ctx as given
	 * to ui_table_draw.  NULL: the text is the row's field. */
	void (*get)(const void *row, void *ctx, char *buf, size_t n);
	int dash;                         /* "-" for an empty text */
	/* The cell's attribute (and the gap after it's); NULL: the row's. */
	int (*attr)(const void *row, void *ctx);
	/* On a narrow line the columns that matter on the floor keep their
	 * width: a column with min > 0 gives way first, down to min and
	 * then out of the table (title and all); a rest-of-line column's min
	 * is what it needs before they give way. */
	int min;
};

struct ui_table {
	const struct ui_col *cols;
	size_t row_size;                  /* rows are an array of these */
	int (*row_attr)(const void *row, void *ctx); /* NULL: normal */
	int plain;                        /* a listing: nothing is selected */
};

/*
 * Draws t's header at line y and l's rows under it (rows: l->count rows
 * of t->row_size bytes), as many as fit in h - 1 lines, scrolled so the
 * selection shows, one space between columns; l->page gets the lines the
 * rows had, the page for moving through the list.
 */
void ui_table_draw(const struct ui_table *t, struct ui_list *l,
                   const void *rows, void *ctx, int y, int h, int cols);

/* ---- modal forms ---------------------------------------------------------------- */

enum ui_field_kind { FLD_TEXT, FLD_NUMBER, FLD_SECRET, FLD_CHOICE };

struct ui_field {
	const char *label;
	enum ui_field_kind kind;
	char value[128];
	const char *const *choices;       /* FLD_CHOICE: NULL-terminated */
	const char *const *choice_text;   /* shown beside each, or NULL */
	int width;
	int feed;                         /* takes ui_form_feed lines */
	int scan;                         /* takes a scan whole (a badge) */
};

/* Reason codes of a kind (in code order) for a FLD_CHOICE, each shown
 * with its description: how many, or -1 with the reason in the db. */
#define UI_MAX_CHOICES 32
struct ui_choices {
	char code[UI_MAX_CHOICES][33];
	char text[UI_MAX_CHOICES][81];
	const char *codes[UI_MAX_CHOICES + 1];
	const char *texts[UI_MAX_CHOICES + 1];
	int n;
};
int ui_reason_choices(struct mes_db *db, const char *kind,
                      struct ui_choices *c);
/* Makes f a FLD_CHOICE of c (the value is left as it is). */
void ui_field_choices(struct ui_field *f, const struct ui_choices *c);
/* tools.c: scan a tool, then a work center (wc the default): mounts it,
 * or takes it off when it is mounted there; says core's answer.  0 when
 * the operator gave up, else 1. */
int ui_tool_mount(struct ui_app *app, struct mes_db *db, const char *wc);

/* Checks the fields as typed: returns NULL when fine, else the message
 * for the message line (and which field in *bad). */
typedef const char *(*ui_form_check)(struct ui_field *f, int n, int *bad,
                                     void *ctx);

/* Runs a modal form over the current view; 1 on Enter, 0 on Esc.
 * What was typed survives a resize. */
int ui_form(struct ui_app *app, const char *title, struct ui_field *f, int n,
            ui_form_check check, void *ctx);
/* The same form opened again at field at, with problem on its message
 * line: a refused signature keeps what was typed and asks for the PIN. */
int ui_form_at(struct ui_app *app, const char *title, struct ui_field *f,
               int n, ui_form_check check, void *ctx, int at,
               const char *problem);
/* A form that ends in an electronic signature, f[pin] its PIN: sign runs
 * on Enter; refused for the signer's PIN or a locked signer, the form
 * opens again with what was typed, the PIN emptied and the refusal on
 * its line.  The PIN is wiped after every try.  1 signed, 0 escaped, -1
 * refused for another reason (mes_db_errmsg(db) says why). */
int ui_form_signed(struct ui_app *app, struct mes_db *db, const char *title,
                   struct ui_field *f, int n, int pin, ui_form_check check,
                   int (*sign)(struct ui_field *f, void *ctx), void *ctx);
/*
 * A line from a device (a gauge on the watched descriptor) for the open
 * form: called from the ready callback while ui_form waits, it replaces
 * the focused field's value with text and moves to the next field, as
 * if typed and Tab pressed.  Only a FLD_NUMBER field or one with feed
 * set takes it.  1: taken; 0: no form is open; -1: the focused field
 * does not take device lines (the caller says so on the message line).
 */
int ui_form_feed(struct ui_app *app, const char *text);
/* A box of text (work instructions, help) with Esc to close; with ack
 * non-NULL, Enter returns 1 meaning "acknowledged". */
int ui_textbox(struct ui_app *app, const char *title, const char *text,
               const char *ack);
/* Yes/no question on the message line. */
int ui_confirm(struct ui_app *app, const char *question);

#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-json-private.h: the engine's one JSON reader and writer, for models and sessions (engine-private). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any nnplay file needs (a session's model rows are at depth 4);
 * the reader is iterative, so this bounds the bookkeeping, not the stack. */
#define NNP_JSON_MAX_DEPTH 64
/* Object members in one document: nnplay's files have a few dozen. The
 * index costs 16 bytes a member (48 while an object is checked), so this
 * bounds it at 3 MB however the text is made. */
#define NNP_JSON_MAX_MEMBERS 65536

/* ---- Reading. ------------------------------------------------------------
 * nnp_json_parse checks the whole text at once, iteratively: JSON syntax,
 * UTF-8, nesting depth, each object's keys distinct, every integer literal
 * (no '.' or exponent) within 64 bits. It builds no tree: a value is its
 * byte offset in the text, and objects keep an index of their members, so
 * arrays of numbers are read straight from the text into their destination.
 * Memory: the caller's text, the decoded keys and 16 bytes per object
 * member (at most NNP_JSON_MAX_MEMBERS); nothing per array element. Errors
 * are NNP_ERROR_PARSE "NAME:LINE:COLUMN: what" (columns count bytes from
 * 1), or NNP_ERROR_TOO_LARGE past NNP_JSON_MAX_MEMBERS. */

typedef struct NnpJson NnpJson;
typedef guint32 NnpJsonValue;          /* byte offset of a value in the text */
#define NNP_JSON_NONE G_MAXUINT32      /* no value: empty document, missing member */

typedef enum {
  NNP_JSON_KIND_NONE,
  NNP_JSON_KIND_NULL,
  NNP_JSON_KIND_BOOLEAN,
  NNP_JSON_KIND_NUMBER,
  NNP_JSON_KIND_STRING,
  NNP_JSON_KIND_ARRAY,
  NNP_JSON_KIND_OBJECT,
} NnpJsonKind;

typedef struct {
  guint32 pos;                         /* the next element, or the closing ']' */
} NnpJsonIter;

/* text must stay alive and unchanged while the NnpJson is used. */
NnpJson     *nnp_json_parse      (const char *text, gsize len, const char *name, GError **error);
void         nnp_json_free       (NnpJson *j);
NnpJsonValue nnp_json_root       (const NnpJson *j);             /* NNP_JSON_NONE: only blanks */

NnpJsonKind  nnp_json_kind       (const NnpJson *j, NnpJsonValue v);
const char  *nnp_json_kind_word  (NnpJsonKind kind);             /* "an array", "null", ... */
/* The member key of object obj; NNP_JSON_NONE when absent or obj is no object. */
NnpJsonValue nnp_json_get        (const NnpJson *j, NnpJsonValue obj, const char *key);
guint        nnp_json_n_members  (const NnpJson *j, NnpJsonValue obj);
/* Member i's key, decoded and NUL-terminated; *len excludes the NUL (a key
 * may hold "\u0000"). */
const char  *nnp_json_member_key (const NnpJson *j, NnpJsonValue obj, guint i, gsize *len);
/* Elements of array arr, in order. */
void         nnp_json_iter_init  (const NnpJson *j, NnpJsonValue arr, NnpJsonIter *it);
gboolean     nnp_json_iter_next  (const NnpJson *j, NnpJsonIter *it, NnpJsonValue *elem);
gsize        nnp_json_length     (const NnpJson *j, NnpJsonValue arr);
/* A number, correctly rounded (exact for %.17g text); 1e999 gives inf. */
double       nnp_json_double     (const NnpJson *j, NnpJsonValue v);
/* TRUE when the number is an integer literal (no '.', no exponent). */
gboolean     nnp_json_int        (const NnpJson *j, NnpJsonValue v, gint64 *out);
gboolean     nnp_json_boolean    (const NnpJson *j, NnpJsonValue v);
/* The string, decoded; NULL when it holds "\u0000" (no nnplay string does). */
char        *nnp_json_string     (const NnpJson *j, NnpJsonValue v);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NnpJson, nnp_json_free)

/* ---- Writing. ------------------------------------------------------------
 * Numbers as %.17g (they read back exactly), with ".0" when that looks like
 * an integer (so -0.0 stays -0.0), and null when not finite. Pretty: an
 * object's members one a line, an array's elements on one line unless they
 * are arrays or objects. Compact: no blanks at all. */

typedef struct {
  GString *out;
  gboolean pretty;
  guint depth;
  gboolean after_key;
  guint8 kind[NNP_JSON_MAX_DEPTH];     /* '{' or '[' */
  guint count[NNP_JSON_MAX_DEPTH];     /* values written at that level */
  gboolean nested[NNP_JSON_MAX_DEPTH]; /* an array that holds containers */
} NnpJsonWriter;

void nnp_json_writer_init  (NnpJsonWriter *w, GString *out, gboolean pretty);
void nnp_json_begin_object (NnpJsonWriter *w);
void nnp_json_end_object   (NnpJsonWriter *w);
void nnp_json_begin_array  (NnpJsonWriter *w);
void nnp_json_end_array    (NnpJsonWriter *w);
void nnp_json_key          (NnpJsonWriter *w, const char *key);
void nnp_json_double_value (NnpJsonWriter *w, double v);
void nnp_json_int_value    (NnpJsonWriter *w, gint64 v);
void nnp_json_string_value (NnpJsonWriter *w, const char *s);
void nnp_json_boolean_value (NnpJsonWriter *w, gboolean v);
void nnp_json_null_value   (NnpJsonWriter *w);

/* Writes text to path atomically (a temporary file renamed over path);
 * NNP_ERROR_IO "PATH: WHAT: reason" on failure. */
gboolean nnp_json_save (const char *text, const char *path, const char *what, GError **error);

G_END_DECLS

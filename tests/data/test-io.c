/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-io.c: the bounded reader refuses FIFOs and devices without blocking; the atomic writer (issue 12). */
#define G_LOG_DOMAIN "nnplay-test"

#include "config.h"

#define _GNU_SOURCE 1   /* symlink, lstat */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <nnplay/nnp-error.h>

#include "nnp-io-private.h"
#include "test-dirlist.h"
#include "test-tmpdir.h"

static void
test_read_fifo (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  gsize len = 0;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* before the fix open() waited for a writer forever; the alarm fails the test */
  alarm (20);
  g_assert_false (nnp_read_file (fifo, 1000, &text, &len, &error));
  alarm (0);
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, fifo));
  g_assert_nonnull (strstr (error->message, "a FIFO, not a regular file"));
  g_assert_null (text);
  g_clear_error (&error);

  /* /dev/zero never ends: refused before any byte is read */
  g_assert_false (nnp_read_file ("/dev/zero", 1 << 20, &text, &len, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "/dev/zero: cannot read: a device, not a regular file");
  g_clear_error (&error);

  g_assert_false (nnp_read_file (dir, 1 << 20, &text, &len, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "cannot read: Is a directory"));
  g_clear_error (&error);

  remove_tmpdir (dir);
}

static void
test_read_limit (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "f.txt", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;
  gsize len = 0;

  g_assert_true (g_file_set_contents (path, "2.385,1\n", -1, NULL));
  g_assert_true (nnp_read_file (path, 8, &text, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "2.385,1\n");
  g_assert_cmpuint (len, ==, 8);
  g_free (text);
  text = NULL;
  g_assert_false (nnp_read_file (path, 7, &text, &len, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE);
  g_assert_null (text);
  remove_tmpdir (dir);
}

static char *
contents (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* A symlink is written through to its target and stays a symlink. */
static void
test_write_symlink (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *target = g_build_filename (sub, "target.csv", NULL);
  g_autofree char *link = g_build_filename (dir, "link.csv", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.csv", NULL);
  g_autofree char *new_target = g_build_filename (sub, "new.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *l = NULL, *l2 = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
  g_assert_cmpint (symlink ("sub/target.csv", link), ==, 0);
  g_assert_true (nnp_write_file_atomic (link, "new\n", 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  a = contents (target);
  g_assert_cmpstr (a, ==, "new\n");

  /* a link to a file that does not exist yet creates it */
  g_assert_cmpint (symlink ("sub/new.csv", dangling), ==, 0);
  g_assert_true (nnp_write_file_atomic (dangling, "x\n", 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  b = contents (new_target);
  g_assert_cmpstr (b, ==, "x\n");

  l = listing (dir);
  g_assert_cmpstr (l, ==, "dangling.csv link.csv sub");
  l2 = listing (sub);
  g_assert_cmpstr (l2, ==, "new.csv target.csv");
  g_remove (target);
  g_remove (new_target);
  g_rmdir (sub);
  remove_tmpdir (dir);
}

/* The replaced file keeps its mode; a new file gets 0666 less the umask. */
static void
test_write_mode (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "secret.json", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.json", NULL);
  g_autoptr (GError) error = NULL;
  struct stat st;
  mode_t mask = umask (022);

  umask (mask);
  g_assert_true (g_file_set_contents (path, "{}", -1, NULL));
  g_assert_cmpint (chmod (path, 0600), ==, 0);
  g_assert_true (nnp_write_file_atomic (path, "{\"a\": 1}", 8, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  g_assert_cmpint (chmod (path, 0640), ==, 0);
  g_assert_true (nnp_write_file_atomic (path, "{}", 2, &error));
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);

  g_assert_true (nnp_write_file_atomic (fresh, "{}", 2, &error));
  g_assert_cmpint (stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0666 & ~mask);
  remove_tmpdir (dir);
}

/* A destination that is not a regular file is refused and left as it is. */
static void
test_write_not_regular (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *l = NULL;
  g_autoptr (GError) error = NULL;
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("fifo", link), ==, 0);
  alarm (20);
  g_assert_false (nnp_write_file_atomic (fifo, "{}", 2, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "a FIFO, not a regular file"));
  g_clear_error (&error);
  g_assert_false (nnp_write_file_atomic (link, "{}", 2, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_clear_error (&error);
  /* as root, /dev/full was replaced by a regular file; now refused for anyone */
  g_assert_false (nnp_write_file_atomic ("/dev/full", "{}", 2, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_cmpstr (error->message, ==,
                   "/dev/full: cannot write: a device, not a regular file; nnplay does not replace it");
  g_clear_error (&error);
  g_assert_false (nnp_write_file_atomic (dir, "{}", 2, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_clear_error (&error);
  alarm (0);
  g_assert_cmpint (stat ("/dev/full", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  l = listing (dir);
  g_assert_cmpstr (l, ==, "fifo link");
  remove_tmpdir (dir);
}

/* Writing in pieces shows nothing until commit; abort leaves nothing; the
 * temporary file of a writer killed earlier goes on the next write. */
static void
test_write_atomic (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *debris = g_build_filename (dir, ".out.csv.Ab12Zx.nnptmp", NULL);
  g_autofree char *other = g_build_filename (dir, ".other.csv.Ab12Zx.nnptmp", NULL);
  g_autofree char *l = NULL, *l2 = NULL, *l3 = NULL, *text = NULL;
  g_autoptr (GError) error = NULL;
  NnpAtomicFile *f;

  g_assert_true (g_file_set_contents (path, "old\n", -1, NULL));
  g_assert_true (g_file_set_contents (debris, "half", -1, NULL));
  g_assert_true (g_file_set_contents (other, "half", -1, NULL));

  f = nnp_atomic_file_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (nnp_atomic_file_write (f, "x1,", 3, &error));
  g_assert_true (nnp_atomic_file_write (f, "label\n", 6, &error));
  g_assert_cmpint (nnp_atomic_file_errno (f), ==, 0);
  text = contents (path);
  g_assert_cmpstr (text, ==, "old\n");
  g_clear_pointer (&text, g_free);
  l = listing (dir);
  /* the debris is gone, another target's temporary file stays; the file
   * being written has no name where the file system has O_TMPFILE */
  if (has_tmpfile (dir))
    g_assert_cmpstr (l, ==, ".other.csv.Ab12Zx.nnptmp out.csv");
  else
    g_assert_true (g_str_has_prefix (l, ".other.csv.Ab12Zx.nnptmp .out.csv.")
                   && g_str_has_suffix (l, ".nnptmp out.csv") && strlen (l) == 55);
  nnp_atomic_file_abort (f);
  g_clear_pointer (&l, g_free);
  l = listing (dir);
  l2 = listing (dir);
  g_assert_cmpstr (l2, ==, ".other.csv.Ab12Zx.nnptmp out.csv");
  text = contents (path);
  g_assert_cmpstr (text, ==, "old\n");
  g_clear_pointer (&text, g_free);

  f = nnp_atomic_file_open (path, &error);
  g_assert_true (nnp_atomic_file_write (f, "x1,label\n", 9, &error));
  g_assert_true (nnp_atomic_file_commit (f, &error));
  g_assert_no_error (error);
  text = contents (path);
  g_assert_cmpstr (text, ==, "x1,label\n");
  l3 = listing (dir);
  g_assert_cmpstr (l3, ==, l);
  nnp_atomic_file_abort (NULL);

  /* a directory that does not exist */
  g_clear_pointer (&text, g_free);
  text = g_build_filename (dir, "no", "such", NULL);
  g_assert_false (nnp_write_file_atomic (text, "x", 1, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, text));
  g_clear_error (&error);
  remove_tmpdir (dir);
}

/* Without O_TMPFILE the file has a name while it is written; abort and
 * commit leave nothing else behind. */
static void
test_write_named (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *l = NULL, *l2 = NULL, *l3 = NULL, *text = NULL;
  g_autoptr (GError) error = NULL;
  NnpAtomicFile *f;

  g_setenv ("NNP_IO_NO_TMPFILE", "1", TRUE);
  f = nnp_atomic_file_open (path, &error);
  g_assert_no_error (error);
  l = listing (dir);
  g_assert_true (g_str_has_prefix (l, ".out.csv."));
  g_assert_true (g_str_has_suffix (l, ".nnptmp"));
  g_assert_cmpuint (strlen (l), ==, strlen (".out.csv.XXXXXX.nnptmp"));
  nnp_atomic_file_abort (f);
  l2 = listing (dir);
  g_assert_cmpstr (l2, ==, "");

  /* a writer killed here leaves its file; the next write removes it */
  f = nnp_atomic_file_open (path, &error);
  g_assert_true (nnp_atomic_file_write (f, "half", 4, &error));
  g_assert_true (nnp_write_file_atomic (path, "x1,label\n", 9, &error));
  g_assert_no_error (error);
  l3 = listing (dir);
  g_assert_cmpstr (l3, ==, "out.csv");
  g_assert_false (nnp_atomic_file_commit (f, &error));   /* its file is gone */
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  text = contents (path);
  g_assert_cmpstr (text, ==, "x1,label\n");
  g_unsetenv ("NNP_IO_NO_TMPFILE");
  remove_tmpdir (dir);
}

/* A file name of up to 255 bytes is written, with and without O_TMPFILE:
 * the temporary name ".NAME.XXXXXX.nnptmp" carries NAME cut short
 * (names of 241-255 bytes had been refused as too long), and the debris
 * of a killed writer of such a name is still found. */
/* An empty name is an error to report, not a programming error that
 * returns no GError (callers had dereferenced the NULL error). */
static void
test_write_empty_name (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (nnp_atomic_file_open ("", &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (nnp_write_file_atomic ("", "{}\n", 3, &error));
  g_assert_error (error, NNP_ERROR, NNP_ERROR_IO);
}

static void
test_write_long_name (void)
{
  g_autofree char *dir = make_tmpdir ("nnplay-test-io-XXXXXX");
  g_autoptr (GError) error = NULL;

  for (int named = 0; named < 2; named++)
    for (int utf8 = 0; utf8 < 2; utf8++)
      {
        /* 255 bytes: 250 'c', or 125 two-byte characters, then ".json" */
        GString *name = g_string_new (NULL);
        for (int i = 0; i < (utf8 ? 125 : 250); i++)
          g_string_append (name, utf8 ? "\u00e9" : "c");
        g_string_append (name, ".json");
        g_assert_cmpuint (name->len, ==, 255);
        g_autofree char *path = g_build_filename (dir, name->str, NULL);
        if (named)
          g_setenv ("NNP_IO_NO_TMPFILE", "1", TRUE);
        NnpAtomicFile *f = nnp_atomic_file_open (path, &error);
        g_assert_no_error (error);
        g_assert_true (nnp_atomic_file_write (f, "half", 4, &error));
        /* the next write removes what the first left (named: its file) */
        g_assert_true (nnp_write_file_atomic (path, "{}\n", 3, &error));
        g_assert_no_error (error);
        nnp_atomic_file_abort (f);
        g_unsetenv ("NNP_IO_NO_TMPFILE");
        g_autofree char *l = listing (dir);
        g_assert_cmpstr (l, ==, name->str);
        g_autofree char *text = contents (path);
        g_assert_cmpstr (text, ==, "{}\n");
        g_unlink (path);
        g_string_free (name, TRUE);
      }
  remove_tmpdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data/io/read/fifo-device-directory", test_read_fifo);
  g_test_add_func ("/data/io/read/limit", test_read_limit);
  g_test_add_func ("/data/io/write/symlink", test_write_symlink);
  g_test_add_func ("/data/io/write/mode", test_write_mode);
  g_test_add_func ("/data/io/write/not-regular", test_write_not_regular);
  g_test_add_func ("/data/io/write/atomic", test_write_atomic);
  g_test_add_func ("/data/io/write/named-temporary", test_write_named);
  g_test_add_func ("/data/io/write/long-name", test_write_long_name);
  g_test_add_func ("/data/io/write/empty-name", test_write_empty_name);

  return g_test_run ();
}

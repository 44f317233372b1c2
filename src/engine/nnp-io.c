/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-io.c: reading a whole regular file with a size limit; writing a file atomically. */
#define G_LOG_DOMAIN "nnplay-engine"
#include "config.h"

#define _GNU_SOURCE 1   /* O_TMPFILE, AT_EMPTY_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "nnplay/nnp-error.h"
#include "nnp-io-private.h"

#define TMP_SUFFIX ".nnptmp"

static const char *
kind_of (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a directory");
  if (S_ISFIFO (mode))
    return _("a FIFO");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  if (S_ISSOCK (mode))
    return _("a socket");
  return _("not a regular file");
}

gboolean
nnp_read_file (const char *path, gsize max_bytes, char **out, gsize *out_len, GError **error)
{
  g_autofree char *buf = NULL;
  struct stat st;
  gsize len = 0, cap;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out != NULL && out_len != NULL, FALSE);

  /* O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot open: %s"), path, g_strerror (e));
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      int e = errno;
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot read: %s"), path, g_strerror (e));
      close (fd);
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot read: %s"), path, g_strerror (EISDIR));
      close (fd);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO,
                   _("%s: cannot read: %s, not a regular file"), path, kind_of (st.st_mode));
      close (fd);
      return FALSE;
    }
  if ((guint64) st.st_size > max_bytes)
    goto too_large;
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  /* Sized from fstat, plus room to notice a file that grew meanwhile. */
  cap = (gsize) st.st_size + 4096;
  buf = g_malloc (cap + 1);
  for (;;)
    {
      ssize_t got;

      if (len == cap)
        {
          if (cap > max_bytes)
            goto too_large;
          cap = MIN (2 * cap, max_bytes + 1);
          buf = g_realloc (buf, cap + 1);
        }
      got = read (fd, buf + len, cap - len);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int e = errno;
          g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot read: %s"), path, g_strerror (e));
          close (fd);
          return FALSE;
        }
      if (got == 0)
        break;
      len += (gsize) got;
      if (len > max_bytes)
        goto too_large;
    }
  close (fd);
  buf[len] = '\0';
  *out_len = len;
  *out = g_steal_pointer (&buf);
  return TRUE;

too_large:
  g_set_error (error, NNP_ERROR, NNP_ERROR_TOO_LARGE,
               _("%s: the file is larger than %zu MB, more than nnplay reads"),
               path, max_bytes >> 20);
  close (fd);
  return FALSE;
}

/* ---- Atomic writing. ----------------------------------------------------- */

struct _NnpAtomicFile {
  char *path;       /* as the caller gave it, for messages */
  char *target;     /* symlinks resolved */
  char *tmp;        /* the named temporary file, NULL while O_TMPFILE is unnamed */
  int fd;
  int err;          /* errno of the first failed write */
};

static gboolean
set_io_error (GError **error, const char *path, int e)
{
  g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("%s: cannot write: %s"), path, g_strerror (e));
  return FALSE;
}

/* Follows symlinks to the file that is to be replaced; *st is filled when it
 * exists (*exists). A non-regular destination is refused. */
static char *
resolve_target (const char *path, struct stat *st, gboolean *exists, GError **error)
{
  g_autofree char *p = g_strdup (path);

  for (int depth = 0; depth < 40; depth++)
    {
      char link[PATH_MAX];
      ssize_t k;

      if (lstat (p, st) != 0)
        {
          int e = errno;
          if (e != ENOENT)
            {
              set_io_error (error, path, e);
              return NULL;
            }
          *exists = FALSE;
          return g_steal_pointer (&p);
        }
      if (!S_ISLNK (st->st_mode))
        {
          if (!S_ISREG (st->st_mode))
            {
              g_set_error (error, NNP_ERROR, NNP_ERROR_IO,
                           _("%s: cannot write: %s, not a regular file; nnplay does not replace it"),
                           path, kind_of (st->st_mode));
              return NULL;
            }
          *exists = TRUE;
          return g_steal_pointer (&p);
        }
      k = readlink (p, link, sizeof link - 1);
      if (k < 0)
        {
          set_io_error (error, path, errno);
          return NULL;
        }
      link[k] = '\0';
      if (g_path_is_absolute (link))
        {
          g_free (p);
          p = g_strdup (link);
        }
      else
        {
          g_autofree char *dir = g_path_get_dirname (p);
          g_free (p);
          p = g_build_filename (dir, link, NULL);
        }
    }
  set_io_error (error, path, ELOOP);
  return NULL;
}

/* BASE as the temporary name carries it: cut so that ".BASE.XXXXXX.nnptmp"
 * fits in a file name's 255 bytes (a 241-byte name had been refused as
 * too long), at a character's start when it is UTF-8. */
#define TMP_BASE_MAX (255 - 2 - 6 - (int) (sizeof TMP_SUFFIX - 1))

static char *
tmp_base (const char *base)
{
  size_t len = strlen (base);
  if (len <= TMP_BASE_MAX)
    return g_strdup (base);
  len = TMP_BASE_MAX;
  if (g_utf8_validate (base, -1, NULL))
    while (len > 0 && (base[len] & 0xC0) == 0x80)
      len--;
  return g_strndup (base, len);
}

/* Removes ".BASE.*.nnptmp" left in dir by a writer that was killed. */
static void
remove_debris (const char *dir, const char *base)
{
  g_autofree char *cut = tmp_base (base);
  g_autofree char *prefix = g_strdup_printf (".%s.", cut);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, TMP_SUFFIX)
        && strlen (name) == strlen (prefix) + 6 + strlen (TMP_SUFFIX))
      {
        g_autofree char *full = g_build_filename (dir, name, NULL);
        g_unlink (full);
      }
  g_dir_close (d);
}

static char *
tmp_template (const char *target)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *cut = tmp_base (base);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX" TMP_SUFFIX, cut);

  return g_build_filename (dir, name, NULL);
}

NnpAtomicFile *
nnp_atomic_file_open (const char *path, GError **error)
{
  g_autofree char *target = NULL, *dir = NULL, *base = NULL;
  NnpAtomicFile *f;
  gboolean exists = FALSE;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  if (*path == '\0')
    {
      g_set_error (error, NNP_ERROR, NNP_ERROR_IO, _("no file name given"));
      return NULL;
    }
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  target = resolve_target (path, &st, &exists, error);
  if (target == NULL)
    return NULL;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  remove_debris (dir, base);

  f = g_new0 (NnpAtomicFile, 1);
  f->path = g_strdup (path);
  f->target = g_steal_pointer (&target);
  f->fd = -1;

#ifdef O_TMPFILE
  /* NNP_IO_NO_TMPFILE: the tests take the other path as on a file system without it */
  fd = g_getenv ("NNP_IO_NO_TMPFILE") != NULL ? (errno = EOPNOTSUPP, -1)
       : open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL && errno != ENOENT)
    {
      set_io_error (error, path, errno);
      nnp_atomic_file_abort (f);
      return NULL;
    }
#else
  fd = -1;
#endif
  if (fd < 0)
    {
      f->tmp = tmp_template (f->target);
      fd = g_mkstemp_full (f->tmp, O_WRONLY | O_CLOEXEC, 0666);
      if (fd < 0)
        {
          set_io_error (error, path, errno);
          g_clear_pointer (&f->tmp, g_free);
          nnp_atomic_file_abort (f);
          return NULL;
        }
    }
  f->fd = fd;
  if (exists)
    {
      /* The new file takes the old one's owner (when allowed) and mode. */
      if ((st.st_uid != geteuid () || st.st_gid != getegid ()) && fchown (fd, st.st_uid, st.st_gid) != 0)
        g_debug ("%s: cannot keep the owner: %s", path, g_strerror (errno));
      fchmod (fd, st.st_mode & 07777);
    }
  return f;
}

gboolean
nnp_atomic_file_write (NnpAtomicFile *f, const void *data, gsize len, GError **error)
{
  const char *p = data;

  g_return_val_if_fail (f != NULL, FALSE);

  if (f->err != 0)
    return set_io_error (error, f->path, f->err);
  while (len > 0)
    {
      ssize_t k = write (f->fd, p, MIN (len, (gsize) G_MAXSSIZE));
      if (k < 0)
        {
          if (errno == EINTR)
            continue;
          f->err = errno;
          return set_io_error (error, f->path, f->err);
        }
      p += k;
      len -= (gsize) k;
    }
  return TRUE;
}

int
nnp_atomic_file_errno (const NnpAtomicFile *f)
{
  return f != NULL ? f->err : 0;
}

/* Gives the O_TMPFILE file a (temporary) name beside the target. */
static int
link_tmpfile (NnpAtomicFile *f)
{
  for (int tries = 0; tries < 100; tries++)
    {
      g_autofree char *name = tmp_template (f->target);
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", f->fd);
      char *x = g_strrstr (name, "XXXXXX");
      static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

      for (int i = 0; i < 6; i++)
        x[i] = letters[g_random_int_range (0, sizeof letters - 1)];
      if (linkat (AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0
          || (errno == ENOENT && linkat (f->fd, "", AT_FDCWD, name, AT_EMPTY_PATH) == 0))
        {
          f->tmp = g_steal_pointer (&name);
          return 0;
        }
      if (errno != EEXIST)
        return errno;
    }
  return EEXIST;
}

gboolean
nnp_atomic_file_commit (NnpAtomicFile *f, GError **error)
{
  int e = 0;

  g_return_val_if_fail (f != NULL, FALSE);

  if (f->err != 0)
    e = f->err;
  else if (fsync (f->fd) != 0 && errno != EINVAL)
    e = errno;
  else if (f->tmp == NULL)
    e = link_tmpfile (f);
  if (e == 0 && close (f->fd) != 0)
    e = errno;
  else if (e != 0)
    close (f->fd);
  f->fd = -1;
  if (e == 0 && g_rename (f->tmp, f->target) != 0)
    e = errno;
  if (e != 0)
    {
      set_io_error (error, f->path, e);
      nnp_atomic_file_abort (f);
      return FALSE;
    }
  g_clear_pointer (&f->tmp, g_free);   /* renamed: nothing to remove */
  nnp_atomic_file_abort (f);
  return TRUE;
}

void
nnp_atomic_file_abort (NnpAtomicFile *f)
{
  if (f == NULL)
    return;
  if (f->fd >= 0)
    close (f->fd);
  if (f->tmp != NULL)
    g_unlink (f->tmp);
  g_free (f->tmp);
  g_free (f->target);
  g_free (f->path);
  g_free (f);
}

gboolean
nnp_write_file_atomic (const char *path, const void *data, gsize len, GError **error)
{
  NnpAtomicFile *f = nnp_atomic_file_open (path, error);

  if (f == NULL)
    return FALSE;
  if (!nnp_atomic_file_write (f, data, len, error))
    {
      nnp_atomic_file_abort (f);
      return FALSE;
    }
  return nnp_atomic_file_commit (f, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: the bytes of one libFuzzer input as a file, for readers that take a path. */
#pragma once


#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A memfd holding data; *path names it for open(). -1 when it cannot. */
static inline int
fuzz_memfd (const uint8_t *data, size_t size, char path[64])
{
  int fd = memfd_create ("nnplay-fuzz", MFD_CLOEXEC);
  size_t done = 0;

  if (fd < 0)
    return -1;
  while (done < size)
    {
      ssize_t k = write (fd, data + done, size - done);
      if (k <= 0)
        {
          close (fd);
          return -1;
        }
      done += (size_t) k;
    }
  snprintf (path, 64, "/proc/self/fd/%d", fd);
  return fd;
}

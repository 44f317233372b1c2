/* SPDX-License-Identifier: GPL-3.0-or-later */
/* nnp-bench.h: `nnplay-cli bench`, the speed and memory benchmark. */
#pragma once

/* argv[0] is "bench". Returns the process exit code (0, 1 usage). */
int nnp_cli_bench (int argc, char **argv);

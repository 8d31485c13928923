/* SPDX-License-Identifier: EUPL-1.2 */

/*
 * Runs a fuzz target over files without libFuzzer, so that the seed corpus
 * and every input that once crashed run as ordinary tests in every build.
 * Arguments are files or directories (every file inside).
 */

#include "config.h"

#include <glib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint
run_file (const char *path)
{
  g_autofree char   *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize              length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    g_error ("cannot read %s", path);

  /* Exactly the bytes, with no NUL after them, as libFuzzer passes them:
   * a read past the end must be caught here too. */
  exact = g_malloc (MAX (length, 1));
  memcpy (exact, contents, length);
  LLVMFuzzerTestOneInput (exact, length);
  return 1;
}

int
main (int argc, char *argv[])
{
  guint n_inputs = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          n_inputs += run_file (argv[i]);
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          n_inputs += run_file (path);
        }
    }

  /* A directory that lost its files must not pass quietly. */
  if (n_inputs == 0)
    g_error ("no inputs");
  g_print ("%u inputs\n", n_inputs);
  return 0;
}

/* td-fuzz-replay.c — runs a libFuzzer target over its corpus without libFuzzer
 *
 * Linked with each fuzz-*.c in ordinary (gcc) builds so that every corpus
 * file, including crashes that were fixed, is replayed by `meson test`.
 * Output is TAP: one test point per file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          g_ptr_array_add (files, g_strdup (argv[i]));
          continue;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (files, g_build_filename (argv[i], name, NULL));
    }
  g_ptr_array_sort (files, compare_paths);

  if (files->len == 0)
    {
      printf ("1..0 # SKIP empty corpus\n");
      return 0;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autoptr(GError) error = NULL;

      if (!g_file_get_contents (path, &contents, &len, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          return 1;
        }
      /* A copy of exactly @len bytes so that ASan sees every overread. */
      {
        g_autofree guint8 *copy = g_memdup2 (contents, len);
        LLVMFuzzerTestOneInput (copy, len);
      }
      {
        g_autofree char *base = g_path_get_basename (path);
        printf ("ok %u - %s\n", i + 1, base);
      }
    }
  return 0;
}

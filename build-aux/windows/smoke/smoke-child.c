/* smoke-child.exe — a child for smoke-cli's GSubprocess test.  Like
 * Windows' own console tools (ipconfig, netsh) it writes its text in the
 * console's OEM code page, not in UTF-8.  First line: the code page.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int
main (void)
{
  /* "Teredo 隧道 état" in UTF-16 */
  static const wchar_t text[] = L"Teredo \x96a7\x9053 \x00e9tat";
  char buf[256];
  UINT oemcp = GetOEMCP ();
  int n = WideCharToMultiByte (CP_OEMCP, 0, text, -1, buf, sizeof buf, NULL, NULL);

  printf ("oemcp=%u\r\n", oemcp);
  fflush (stdout);
  if (n <= 0)
    return 3;
  fwrite (buf, 1, (size_t) n - 1, stdout);   /* without the NUL */
  fputs ("\r\n", stdout);
  return 7;   /* a distinct exit status to check */
}

@echo off
REM teredo-doctor-collect.bat - collects what Teredo Doctor needs to diagnose
REM Teredo (IPv6 over UDP, RFC 4380) on this Windows computer, for a help desk.
REM
REM WHAT IT DOES
REM It runs the read-only console commands that Teredo Doctor itself runs on
REM Windows (chcp, ver, netsh, ipconfig, sc, reg) and writes their output,
REM unchanged, into ONE text file: teredo-doctor-collect.txt in the TEMP
REM folder (next to this batch file when there is no TEMP folder). It
REM installs nothing, needs no PowerShell and no administrator rights, and
REM changes nothing: every command below only shows information ("show",
REM "query", "qc", "/all"), and SET only sets this script's own variables.
REM It runs on every Windows from XP to 11; a command that an old Windows
REM lacks just records its error message.
REM
REM WHY MARKER LINES
REM Teredo Doctor reads the file back (help-desk mode), so every output sits
REM between two marker lines that carry the exact command line and its exit
REM code (ERRORLEVEL); error messages are merged into the output:
REM   [teredo-doctor] begin command=ipconfig /all
REM   ...the output, then one empty line...
REM   [teredo-doctor] end exit=0 command=ipconfig /all
REM The file starts with metadata lines (computer, date, time, elevated) and
REM ends with "[teredo-doctor] complete"; a file without that last line was
REM cut off. It is written in the console's code page, which the chcp section
REM names, so localized (for example Chinese) output reads back correctly.
REM
REM ADMINISTRATOR RIGHTS
REM Without them "netsh interface teredo show state" leaves out its runtime
REM lines (State, NAT, mappings) and "sc qc" may answer "Access is denied".
REM The file then says elevated=no, with a note, so that the help desk knows
REM why lines are missing; for a complete answer, right-click this file and
REM choose "Run as administrator". "net session" is the test: it succeeds
REM only in an elevated prompt (and needs the Server service, which is on
REM by default).

setlocal EnableExtensions DisableDelayedExpansion

REM Run the commands from the system folder, so that a program with the same
REM name in the folder this file was started from is never run instead.
pushd "%SystemRoot%\System32"

echo Teredo Doctor: collecting network information. This changes nothing.
echo.

REM Where the file goes: TEMP, else next to this batch file.
set "OUT=%TEMP%\teredo-doctor-collect.txt"
if not exist "%TEMP%\" set "OUT=%~dp0teredo-doctor-collect.txt"
>"%OUT%" echo [teredo-doctor] collect version=1
if exist "%OUT%" goto :collect
echo Teredo Doctor could not write its file, neither in the TEMP folder nor
echo next to this batch file. Copy this batch file to your Desktop and run it
echo from there.
goto :finish

:collect
call :meta computer COMPUTERNAME
call :meta date DATE
call :meta time TIME

set "ELEVATED=no"
net session >nul 2>&1 && set "ELEVATED=yes"
>>"%OUT%" echo [teredo-doctor] elevated=%ELEVATED%
if "%ELEVATED%"=="no" >>"%OUT%" echo [teredo-doctor] note=not elevated: netsh interface teredo show state leaves out its runtime lines - State, NAT, mappings - and sc qc may answer Access is denied
if "%ELEVATED%"=="no" echo Note: this window is not running as administrator, so some lines will
if "%ELEVATED%"=="no" echo be missing. For a complete answer, right-click the batch file and
if "%ELEVATED%"=="no" echo choose "Run as administrator".
if "%ELEVATED%"=="no" echo.

REM The code page first: it tells how to read every byte that follows.
call :run chcp
call :run ver

REM The same commands, in the same order, as Teredo Doctor's live Windows
REM collector's table (backend/host/windows/td-host-windows.c,
REM td_host_windows_get_commands; a unit test keeps the two equal). The XP form
REM of the Teredo state runs too: the collector falls back to it when the
REM first form fails, which only the reader of this file can tell.
call :run netsh interface teredo show state
call :run netsh interface ipv6 show teredo
call :run netsh p2p pnrp cloud show list
call :run ipconfig /all
call :run netsh advfirewall show allprofiles state
call :run sc query iphlpsvc
call :run sc qc iphlpsvc
call :run sc query MpsSvc
call :run sc qc MpsSvc
call :run sc query BFE
call :run sc qc BFE
call :run reg query HKLM\SYSTEM\CurrentControlSet\Services\Tcpip6\Parameters /v DisabledComponents
call :run reg query HKLM\SYSTEM\CurrentControlSet\Services\iphlpsvc\Teredo
call :run reg query HKLM\SOFTWARE\Policies\Microsoft\Windows\TCPIP\v6Transition
call :run reg query HKLM\SOFTWARE\WOW6432Node\Policies\Microsoft\Windows\TCPIP\v6Transition
call :run reg query HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters /v Domain

>>"%OUT%" echo [teredo-doctor] complete
echo.
echo Done. Everything is in this file:
echo.
echo   "%OUT%"
echo.
echo Send that file to your help desk, or open it in Notepad, select all
echo of its text (Ctrl+A), copy it (Ctrl+C) and paste it into your message.

:finish
popd
echo.
pause
endlocal
goto :eof

:run
REM Runs one command, given as this subroutine's arguments, with its error
REM messages merged, between its begin and end markers. "(call )" clears
REM ERRORLEVEL first, so that a command which sets none (ver) does not show
REM the code of the one before. Every redirection comes first on its line,
REM so that a digit at the end of the echoed text is never read as a handle
REM number. The empty line after the output ("echo." - the commands run in
REM the system folder, where no file is named "echo") makes sure that the end
REM marker starts a line of its own even when the output does not end with
REM one.
echo   %*
(call )
>>"%OUT%" echo [teredo-doctor] begin command=%*
%* >>"%OUT%" 2>&1
set "EXITCODE=%ERRORLEVEL%"
>>"%OUT%" echo.
>>"%OUT%" echo [teredo-doctor] end exit=%EXITCODE% command=%*
goto :eof

:meta
REM Writes "[teredo-doctor] NAME=value of the variable VAR" (call :meta NAME
REM VAR). Delayed expansion prints the value as it is, even when it holds
REM characters such as "&" or ")" that would otherwise be batch syntax.
setlocal EnableDelayedExpansion
>>"!OUT!" echo [teredo-doctor] %~1=!%~2!
endlocal
goto :eof

/* Telling systemd (Type=notify) where the daemon is in its life; no-ops without NOTIFY_SOCKET. */
#pragma once

/* READY=1 with a STATUS line: the sockets listen. */
void mv_daemon_notify_ready(const char *status);

/* RELOADING=1 before a SIGHUP reload; mv_daemon_notify_ready() after it. */
void mv_daemon_notify_reloading(void);

/* STOPPING=1: the daemon is on its way out. */
void mv_daemon_notify_stopping(void);

/* vault.c: keeps a secret and serves requests. At start it forks two
 * children, which share all its memory copy-on-write:
 *
 *   backup   takes a snapshot of the vault: it keeps the pages as they
 *            were at fork time, and saves them when told to (then exits);
 *   auditor  writes an audit report; first it redacts the secret in its
 *            own copy, so the report can never leak it.
 *
 * Control: signals to the vault (the children can be signalled directly
 * too: SIGUSR1 is their "go").
 *
 *   SIGUSR1  start the audit       (forwarded to the auditor)
 *   SIGUSR2  serve one request     (the vault counts it: hits++)
 *   SIGHUP   save the backup       (forwarded to the backup, which exits)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Bookkeeping (initialised, so in .data). */
pid_t backup_pid = -1;
pid_t auditor_pid = -1;
long expected = -1;             /* what the secret must stay, in the vault */

/* The auditor's report, then the vault's record (.bss). The record --
 * the secret and the request counter -- shares one page with nothing
 * else the vault writes. */
char report[PAGE_SIZE];         /* the auditor's report (only the auditor writes it) */
long secret;                    /* loaded at start */
long hits;                      /* requests served */

long load_secret(void)
{
    return getpid() % 9000 + 1000;      /* as if read from the key file */
}

/* ---- the backup child ---- */
void backup_save(int sig)
{
    printf("backup: snapshot saved (secret %ld, %ld requests served)\n", secret, hits);
    exit(0);
}

/* ---- the auditor child ---- */
void auditor_audit(int sig)
{
    secret = 0;                 /* redact: this copy only */
    snprintf(report, sizeof(report), "audit: %ld requests, secret [redacted]", hits);
    printf("auditor: report written (%s)\n", report);
}

/* ---- the vault ---- */
void vault_audit(int sig)
{
    kill(auditor_pid, SIGUSR1);
}

void vault_serve(int sig)
{
    hits++;
    printf("vault: request %ld served, secret %s\n", hits, secret == expected ? "intact" : "CHANGED");
}

void vault_save(int sig)
{
    kill(backup_pid, SIGUSR1);
}

void vault_reap(int sig)
{
    pid_t pid;
    int status;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        printf("vault: child %d finished (status %d)\n", pid, WEXITSTATUS(status));
}

int main(void)
{
    secret = load_secret();
    expected = secret;
    hits = 0;
    printf("vault: secret loaded; forking the backup and the auditor\n");

    backup_pid = fork();
    if (backup_pid == 0) {
        prctl(PR_SET_NAME, "backup");
        signal(SIGUSR1, backup_save);
        for (;;)
            pause();
    }
    auditor_pid = fork();
    if (auditor_pid == 0) {
        prctl(PR_SET_NAME, "auditor");
        signal(SIGUSR1, auditor_audit);
        for (;;)
            pause();
    }

    signal(SIGCHLD, vault_reap);
    signal(SIGUSR1, vault_audit);
    signal(SIGUSR2, vault_serve);
    signal(SIGHUP, vault_save);
    for (;;)
        pause();
    return 0;
}

/*
 * The sandbox ("pause") process of managedapi's local nodes: it holds a pod's namespaces open and
 * does nothing else. Written for this project; built `gcc -Os -static` by scripts/build-images.sh.
 *
 * - SIGINT and SIGTERM end it with exit code 0, so stopping a pod sandbox is a clean stop.
 * - As PID 1 of a pod that shares its PID namespace it inherits orphans: SIGCHLD reaps them.
 * - Every other signal stays blocked, so nothing else can kill or stop it by accident
 *   (SIGKILL and SIGSTOP cannot be blocked; the runtime uses SIGKILL when it must).
 *
 * With no argument it pauses forever. `-v` prints its name and exits, to check the binary runs.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Unbuffered: nothing waits in a stdio buffer when the process is killed. */
static void say(int fd, const char *text) {
  ssize_t ignored = write(fd, text, strlen(text));
  (void)ignored;
}

static void on_stop(int signo) {
  (void)signo;
  _exit(0);
}

static void on_child(int signo) {
  (void)signo;
  int saved = errno;
  /* One SIGCHLD may stand for several exits: reap until none is left. */
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int handle(int signo, void (*handler)(int)) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = SA_RESTART | (signo == SIGCHLD ? SA_NOCLDSTOP : 0);
  /* While one handler runs, the others wait: on_child never races on_stop. */
  sigfillset(&action.sa_mask);
  return sigaction(signo, &action, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    say(STDOUT_FILENO, "managedapi pause 1.0\n");
    return 0;
  }
  if (getpid() != 1) {
    say(STDERR_FILENO, "pause: not PID 1, so only its own children are reaped\n");
  }

  if (handle(SIGINT, on_stop) != 0 || handle(SIGTERM, on_stop) != 0 ||
      handle(SIGCHLD, on_child) != 0) {
    say(STDERR_FILENO, "pause: sigaction failed\n");
    return 1;
  }

  sigset_t blocked;
  sigfillset(&blocked);
  sigdelset(&blocked, SIGINT);
  sigdelset(&blocked, SIGTERM);
  sigdelset(&blocked, SIGCHLD);
  if (sigprocmask(SIG_SETMASK, &blocked, NULL) != 0) {
    say(STDERR_FILENO, "pause: sigprocmask failed\n");
    return 1;
  }

  for (;;) {
    pause();
  }
}

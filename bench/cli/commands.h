/* SPDX-License-Identifier: GPL-2.0-only */
/* The subcommands of the fabench program. */
#ifndef FABENCH_COMMANDS_H
#define FABENCH_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_regress(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_variants(int argc, char **argv);
int cmd_mail(int argc, char **argv);
int cmd_lkp_stats(int argc, char **argv);

/* Exit statuses shared by the subcommands. */
#define EXIT_USAGE 2		/* bad command line or config */
#define EXIT_POINT_ERRORS 3	/* the run finished but some points failed */
#define EXIT_CORRECTNESS 4	/* a correctness count (missed writes...) was non-zero */
#define EXIT_WRITE_FAILED 5	/* an output file could not be written; nothing published */
#define EXIT_INTERRUPTED 130

#endif /* FABENCH_COMMANDS_H */

/*
 * A local Kafka stand-in for tests and benchmarks: librdkafka's mock cluster in its own process.
 *
 *   kafka-mock [--brokers N] [--topics-file FILE] [topic:partitions ...]
 *
 * Prints one JSON line {"bootstrapServers":"127.0.0.1:p1,..."} on stdout once the cluster listens and
 * its topics exist, then accepts "create name:partitions" lines on stdin. Exits on SIGTERM/SIGINT, when
 * stdin reaches end-of-file, or when the parent dies, so a killed test runner never leaves it behind.
 *
 * The mock broker has no CreateTopics, so topics are created here (rd_kafka_mock_topic_create).
 * A topic named in a Metadata request that does not exist yet is auto-created with 4 partitions.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_LINE 1024

static volatile sig_atomic_t stop_requested = 0;

static void request_stop(int signo) {
        (void)signo;
        stop_requested = 1;
}

static void fail(const char *message, const char *detail) {
        fprintf(stderr, "kafka-mock: %s%s%s\n", message, detail ? ": " : "",
                detail ? detail : "");
        exit(2);
}

static int parse_positive(const char *text) {
        char *end = NULL;
        long value = strtol(text, &end, 10);
        if (end == text || *end != '\0' || value < 1 || value > 100000)
                return -1;
        return (int)value;
}

/* Kafka topic names are [a-zA-Z0-9._-]{1,249}; anything else is refused before it reaches the mock. */
static int valid_topic_name(const char *name, size_t length) {
        size_t i;
        if (length == 0 || length > 249)
                return 0;
        for (i = 0; i < length; i++) {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
                        return 0;
        }
        return 1;
}

/* Creates the topic of a "name:partitions" spec; returns NULL or why it could not. */
static const char *create_topic(rd_kafka_mock_cluster_t *cluster,
                                const char *spec, int replication_factor) {
        char name[256];
        const char *colon = strrchr(spec, ':');
        size_t name_length;
        int partitions;

        if (!colon)
                return "topic spec must be name:partitions";
        name_length = (size_t)(colon - spec);
        if (!valid_topic_name(spec, name_length))
                return "invalid topic name";
        memcpy(name, spec, name_length);
        name[name_length] = '\0';
        partitions = parse_positive(colon + 1);
        if (partitions < 0)
                return "invalid partition count";
        switch (rd_kafka_mock_topic_create(cluster, name, partitions,
                                           replication_factor)) {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
                return NULL;
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
                return "topic already exists";
        default:
                return "the mock cluster refused the topic";
        }
}

static void create_topic_or_exit(rd_kafka_mock_cluster_t *cluster,
                                 const char *spec, int replication_factor) {
        const char *error = create_topic(cluster, spec, replication_factor);
        if (error)
                fail(error, spec);
}

static void create_topics_from_file(rd_kafka_mock_cluster_t *cluster,
                                    const char *path, int replication_factor) {
        char line[MAX_LINE];
        FILE *file = fopen(path, "r");
        if (!file)
                fail("cannot open topics file", path);
        while (fgets(line, sizeof(line), file)) {
                line[strcspn(line, "\r\n")] = '\0';
                if (line[0] == '\0' || line[0] == '#')
                        continue;
                create_topic_or_exit(cluster, line, replication_factor);
        }
        fclose(file);
}

static void run_command(rd_kafka_mock_cluster_t *cluster, char *line,
                        int replication_factor) {
        const char *create = "create ";
        const char *error;
        line[strcspn(line, "\r")] = '\0';
        if (line[0] == '\0')
                return;
        if (strncmp(line, create, strlen(create)) != 0)
                error = "unknown command (expected: create name:partitions)";
        else
                error = create_topic(cluster, line + strlen(create),
                                     replication_factor);
        /* Neither string can hold a quote or backslash: names were validated. */
        if (error)
                printf("{\"error\":\"%s\"}\n", error);
        else
                printf("{\"created\":\"%s\"}\n", line + strlen(create));
        fflush(stdout);
}

/*
 * Serves stdin until a stop signal arrives or stdin closes (the parent went away or asked us to stop).
 * Each line "create name:partitions" creates a topic at run time and is answered with one JSON line,
 * because the mock broker cannot create topics itself (no CreateTopics).
 */
static void serve_commands(rd_kafka_mock_cluster_t *cluster,
                           int replication_factor) {
        struct pollfd input = {.fd = STDIN_FILENO, .events = POLLIN};
        char pending[MAX_LINE * 4];
        size_t used = 0;

        while (!stop_requested) {
                char *newline;
                ssize_t received;
                int ready = poll(&input, 1, 500);
                if (ready < 0) {
                        if (errno == EINTR)
                                continue;
                        return;
                }
                if (ready == 0)
                        continue;
                received = read(STDIN_FILENO, pending + used,
                                sizeof(pending) - used - 1);
                if (received <= 0)
                        return;
                used += (size_t)received;
                pending[used] = '\0';

                while ((newline = strchr(pending, '\n')) != NULL) {
                        *newline = '\0';
                        run_command(cluster, pending, replication_factor);
                        used -= (size_t)(newline + 1 - pending);
                        memmove(pending, newline + 1, used + 1);
                }
                if (used == sizeof(pending) - 1)
                        fail("command line too long", NULL);
        }
}

int main(int argc, char **argv) {
        char errstr[512];
        int brokers = 1;
        int replication_factor;
        int i;
        rd_kafka_conf_t *conf;
        rd_kafka_t *handle;
        rd_kafka_mock_cluster_t *cluster;
        struct sigaction on_stop = {.sa_handler = request_stop};

        sigaction(SIGTERM, &on_stop, NULL);
        sigaction(SIGINT, &on_stop, NULL);
        signal(SIGPIPE, SIG_IGN);
        prctl(PR_SET_PDEATHSIG, SIGTERM);

        for (i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--brokers") == 0 && i + 1 < argc)
                        brokers = parse_positive(argv[++i]);
        }
        if (brokers < 1)
                fail("invalid broker count", NULL);
        replication_factor = brokers < 3 ? brokers : 3;

        conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK)
                fail("configuration rejected", errstr);
        /* The handle only hosts the cluster's bookkeeping; it never connects anywhere. */
        handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!handle)
                fail("cannot create librdkafka handle", errstr);

        cluster = rd_kafka_mock_cluster_new(handle, brokers);
        if (!cluster)
                fail("cannot start mock cluster", NULL);

        for (i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--brokers") == 0)
                        i++;
                else if (strcmp(argv[i], "--topics-file") == 0 && i + 1 < argc)
                        create_topics_from_file(cluster, argv[++i],
                                                replication_factor);
                else
                        create_topic_or_exit(cluster, argv[i],
                                             replication_factor);
        }

        printf("{\"bootstrapServers\":\"%s\"}\n",
               rd_kafka_mock_cluster_bootstraps(cluster));
        fflush(stdout);

        serve_commands(cluster, replication_factor);

        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(handle);
        return 0;
}

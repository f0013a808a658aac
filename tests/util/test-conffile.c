/* Tests of lib/util/conffile: the libvirtd.conf syntax, typed getters, errors with file and line. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "util/conffile.h"
#include "util/error.h"
#include "util/log.h"

static const char sample_text[] =
    "# modvirt-qemud.conf as an operator might write it\n"
    "\n"
    "listen_tls = 0\n"
    "listen_tcp = 1   # trailing comment\n"
    "tcp_port = \"16509\"\n"
    "unix_sock_group = 'libvirt'\n"
    "max_clients = 5000; max_workers = 20\n"
    "\tmin_workers\t=\t-5\n"
    "log_outputs = \"1:file:/var/log/x.log 3:journald\"\n"
    "windows_path = \"C:\\temp\\n\"\n"
    "hash = \"a # not a comment\"\n"
    "tls_allowed_dn_list = [ \"DN1\", \"DN2\",\n"
    "                        'DN3',\n"
    "]\n"
    "empty_list = []\n"
    "banner = \"\"\"first line\n"
    "second \"quoted\" line\"\"\"\n"
    "after_banner = +7\n"
    "big = 9223372036854775807\n"
    "small = -9223372036854775808\n"
    "empty = ''\n"
    "mixed_list = [ \"a\", 1 ]\n"
    "nested = [ [ \"x\" ] ]\n";

static MvConfFile *
parse_sample(void)
{
    MvConfFile *conf = mv_conf_file_parse("sample.conf", sample_text);

    g_assert_nonnull(conf);
    return conf;
}

static void
test_values(void)
{
    g_autoptr(MvConfFile) conf = parse_sample();
    g_autofree char *str = NULL;
    g_auto(GStrv) list = NULL;
    int64_t num = 0;
    bool flag = true;

    g_assert_cmpint(mv_conf_file_get_bool(conf, "listen_tls", &flag), ==, 1);
    g_assert_false(flag);
    g_assert_cmpint(mv_conf_file_get_bool(conf, "listen_tcp", &flag), ==, 1);
    g_assert_true(flag);

    g_assert_cmpint(mv_conf_file_get_string(conf, "tcp_port", &str), ==, 1);
    g_assert_cmpstr(str, ==, "16509");
    /* A value already there is replaced. */
    g_assert_cmpint(mv_conf_file_get_string(conf, "unix_sock_group", &str), ==, 1);
    g_assert_cmpstr(str, ==, "libvirt");
    g_assert_cmpint(mv_conf_file_get_string(conf, "log_outputs", &str), ==, 1);
    g_assert_cmpstr(str, ==, "1:file:/var/log/x.log 3:journald");
    /* Backslashes are plain characters, as in libvirt. */
    g_assert_cmpint(mv_conf_file_get_string(conf, "windows_path", &str), ==, 1);
    g_assert_cmpstr(str, ==, "C:\\temp\\n");
    g_assert_cmpint(mv_conf_file_get_string(conf, "hash", &str), ==, 1);
    g_assert_cmpstr(str, ==, "a # not a comment");
    g_assert_cmpint(mv_conf_file_get_string(conf, "banner", &str), ==, 1);
    g_assert_cmpstr(str, ==, "first line\nsecond \"quoted\" line");
    g_assert_cmpint(mv_conf_file_get_string(conf, "empty", &str), ==, 1);
    g_assert_cmpstr(str, ==, "");

    g_assert_cmpint(mv_conf_file_get_int(conf, "max_clients", &num), ==, 1);
    g_assert_cmpint(num, ==, 5000);
    g_assert_cmpint(mv_conf_file_get_int(conf, "max_workers", &num), ==, 1);
    g_assert_cmpint(num, ==, 20);
    g_assert_cmpint(mv_conf_file_get_int(conf, "min_workers", &num), ==, 1);
    g_assert_cmpint(num, ==, -5);
    g_assert_cmpint(mv_conf_file_get_int(conf, "after_banner", &num), ==, 1);
    g_assert_cmpint(num, ==, 7);
    g_assert_cmpint(mv_conf_file_get_int(conf, "big", &num), ==, 1);
    g_assert_cmpint(num, ==, G_MAXINT64);
    g_assert_cmpint(mv_conf_file_get_int(conf, "small", &num), ==, 1);
    g_assert_cmpint(num, ==, G_MININT64);

    g_assert_cmpint(mv_conf_file_get_string_list(conf, "tls_allowed_dn_list", &list), ==, 1);
    g_assert_cmpuint(g_strv_length(list), ==, 3);
    g_assert_cmpstr(list[0], ==, "DN1");
    g_assert_cmpstr(list[1], ==, "DN2");
    g_assert_cmpstr(list[2], ==, "DN3");
    g_assert_cmpint(mv_conf_file_get_string_list(conf, "empty_list", &list), ==, 1);
    g_assert_nonnull(list);
    g_assert_cmpuint(g_strv_length(list), ==, 0);
}

static void
test_absent(void)
{
    g_autoptr(MvConfFile) conf = parse_sample();
    char *str = (char *) "default";
    char **list = NULL;
    int64_t num = 42;
    bool flag = true;

    mv_error_reset();
    g_assert_cmpint(mv_conf_file_get_string(conf, "missing", &str), ==, 0);
    g_assert_cmpstr(str, ==, "default");
    g_assert_cmpint(mv_conf_file_get_int(conf, "missing", &num), ==, 0);
    g_assert_cmpint(num, ==, 42);
    g_assert_cmpint(mv_conf_file_get_bool(conf, "missing", &flag), ==, 0);
    g_assert_true(flag);
    g_assert_cmpint(mv_conf_file_get_string_list(conf, "missing", &list), ==, 0);
    g_assert_null(list);
    /* Keys are case-sensitive. */
    g_assert_cmpint(mv_conf_file_get_int(conf, "MAX_CLIENTS", &num), ==, 0);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OK);
}

typedef enum {
    GET_STRING,
    GET_INT,
    GET_BOOL,
    GET_LIST,
} Getter;

typedef struct {
    Getter getter;
    const char *key;
    const char *message;
} TypeCase;

static const TypeCase type_cases[] = {
    { GET_STRING, "max_clients", "sample.conf:7: expected a string for 'max_clients', found an integer" },
    { GET_STRING, "tls_allowed_dn_list", "sample.conf:12: expected a string for 'tls_allowed_dn_list', found a list" },
    { GET_INT, "tcp_port", "sample.conf:5: expected an integer for 'tcp_port', found a string" },
    { GET_INT, "empty_list", "sample.conf:15: expected an integer for 'empty_list', found a list" },
    { GET_BOOL, "tcp_port", "sample.conf:5: expected a boolean (0 or 1) for 'tcp_port', found a string" },
    { GET_BOOL, "max_workers", "sample.conf:7: expected a boolean (0 or 1) for 'max_workers', found 20" },
    { GET_BOOL, "min_workers", "sample.conf:8: expected a boolean (0 or 1) for 'min_workers', found -5" },
    { GET_LIST, "tcp_port", "sample.conf:5: expected a list of strings for 'tcp_port', found a string" },
    { GET_LIST, "mixed_list", "sample.conf:22: expected a list of strings for 'mixed_list', found an integer as item 2" },
    { GET_LIST, "nested", "sample.conf:23: expected a list of strings for 'nested', found a list as item 1" },
};

static void
test_type_mismatch(void)
{
    g_autoptr(MvConfFile) conf = parse_sample();
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(type_cases); i++) {
        const TypeCase *c = &type_cases[i];
        g_autofree char *str = g_strdup("kept");
        g_auto(GStrv) list = NULL;
        int64_t num = 3;
        bool flag = true;
        int rc = 0;

        mv_error_reset();
        switch (c->getter) {
        case GET_STRING: rc = mv_conf_file_get_string(conf, c->key, &str); break;
        case GET_INT: rc = mv_conf_file_get_int(conf, c->key, &num); break;
        case GET_BOOL: rc = mv_conf_file_get_bool(conf, c->key, &flag); break;
        case GET_LIST: rc = mv_conf_file_get_string_list(conf, c->key, &list); break;
        }
        g_assert_cmpint(rc, ==, -1);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
        g_assert_cmpint(mv_error_last()->domain, ==, VIR_FROM_CONF);
        g_assert_cmpstr(mv_error_last()->str1, ==, c->message);
        g_assert_cmpstr(str, ==, "kept");
        g_assert_cmpint(num, ==, 3);
        g_assert_true(flag);
        g_assert_null(list);
    }
}

static void
test_duplicate_first_wins(void)
{
    g_autoptr(MvConfFile) conf = mv_conf_file_parse("dup.conf",
                                                    "max_clients = 1\n"
                                                    "max_clients = 2\n"
                                                    "max_clients = \"three\"\n");
    int64_t num = 0;

    g_assert_nonnull(conf);
    g_assert_cmpint(mv_conf_file_get_int(conf, "max_clients", &num), ==, 1);
    g_assert_cmpint(num, ==, 1);
}

static void
test_empty_inputs(void)
{
    static const char *const texts[] = {
        "", "\n\n\n", "   \t \n", "# only a comment", "#\n#\n", "\r\n\r\n",
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(texts); i++) {
        g_autoptr(MvConfFile) conf = NULL;
        int64_t num = 0;

        g_test_message("parsing '%s'", texts[i]);
        conf = mv_conf_file_parse("empty.conf", texts[i]);
        g_assert_nonnull(conf);
        g_assert_cmpint(mv_conf_file_get_int(conf, "x", &num), ==, 0);
        g_assert_cmpint(mv_conf_file_check_keys(conf, (const char *const[]) { NULL }), ==, 0);
    }
}

typedef struct {
    const char *text;
    const char *message;   /* the whole detail: "FILE:LINE: what" */
} SyntaxCase;

static const SyntaxCase syntax_cases[] = {
    { "a = \"abc", "bad.conf:1: unterminated string \"abc for 'a'" },
    { "a = 'abc\nb = 1\n", "bad.conf:1: unterminated string 'abc for 'a'" },
    { "a = \"abc'\n", "bad.conf:1: unterminated string \"abc' for 'a'" },
    { "x = 1\n\na = \"\"\"never closed\n\n", "bad.conf:3: the \"\"\" string for 'a' is not closed" },
    { "a 1\n", "bad.conf:1: expected '=' after 'a', found '1'" },
    { "a\n", "bad.conf:1: expected '=' after 'a', found end of line" },
    { "\n\nlisten", "bad.conf:3: expected '=' after 'listen', found end of file" },
    { "unix-sock = 1\n", "bad.conf:1: expected '=' after 'unix', found '-sock = 1'" },
    { "a == 1\n", "bad.conf:1: expected a value (string, number or list) for 'a', found '= 1'" },
    { "a =\n", "bad.conf:1: expected a value (string, number or list) for 'a', found end of line" },
    { "a = ", "bad.conf:1: expected a value (string, number or list) for 'a', found end of file" },
    { "a = yes\n", "bad.conf:1: expected a value (string, number or list) for 'a', found 'yes'" },
    { "a = -\n", "bad.conf:1: expected digits after the sign for 'a', found end of line" },
    { "a = +x\n", "bad.conf:1: expected digits after the sign for 'a', found 'x'" },
    { "a = 12abc\n", "bad.conf:1: unexpected 'abc' after the value of 'a'" },
    { "a = 1.5\n", "bad.conf:1: unexpected '.5' after the value of 'a'" },
    { "a = 0x10\n", "bad.conf:1: unexpected 'x10' after the value of 'a'" },
    { "a = 9223372036854775808\n", "bad.conf:1: number 9223372036854775808 for 'a' does not fit in 64 bits" },
    { "a = -9223372036854775809\n", "bad.conf:1: number -9223372036854775809 for 'a' does not fit in 64 bits" },
    { "a = 99999999999999999999999999\n", "bad.conf:1: number 99999999999999999999999999 for 'a' does not fit in 64 bits" },
    { "a = \"x\" \"y\"\n", "bad.conf:1: unexpected '\"y\"' after the value of 'a'" },
    { "a = \"x\" b = 2\n", "bad.conf:1: unexpected 'b = 2' after the value of 'a'" },
    { "a = \"a\\\"b\"\n", "bad.conf:1: unexpected 'b\"' after the value of 'a'" },
    { "a = 1 x_______________________________________\n",
      "bad.conf:1: unexpected 'x_______________________...' after the value of 'a'" },
    { "ok = 1\nl = [ \"a\", \"b\"\n\n", "bad.conf:2: the list for 'l' is not closed with ']'" },
    { "l = [\n", "bad.conf:1: the list for 'l' is not closed with ']'" },
    { "l = [ \"a\",\n", "bad.conf:1: the list for 'l' is not closed with ']'" },
    { "l = [ \"a\" \"b\" ]\n", "bad.conf:1: expected ',' or ']' in the list for 'l', found '\"b\" ]'" },
    { "l = [\n  \"a\"\n  # comment\n]\n", "bad.conf:3: expected ',' or ']' in the list for 'l', found '# comment'" },
    { "l = [ , ]\n", "bad.conf:1: expected a value (string, number or list) for 'l', found ', ]'" },
    { "l = [ \"a\",, ]\n", "bad.conf:1: expected a value (string, number or list) for 'l', found ', ]'" },
    { "l = [ \"a\" ] ]\n", "bad.conf:1: unexpected ']' after the value of 'l'" },
    { "l = [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]\n", "bad.conf:1: lists for 'l' are nested more than 16 deep" },
    { "= 1\n", "bad.conf:1: expected a key name, found '= 1'" },
    { "1a = 1\n", "bad.conf:1: expected a key name, found '1a = 1'" },
    { "_a = 1\n", "bad.conf:1: expected a key name, found '_a = 1'" },
    { "a = 1\n\n\n   ]\n", "bad.conf:4: expected a key name, found ']'" },
    { "a = 1;;\n", "bad.conf:1: expected a key name, found ';'" },
    { ";\n", "bad.conf:1: expected a key name, found ';'" },
    { "[section]\n", "bad.conf:1: expected a key name, found '[section]'" },
    { "a = \"\"\"x\n\"\"\" junk\n", "bad.conf:2: unexpected 'junk' after the value of 'a'" },
};

static void
test_syntax_errors(void)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(syntax_cases); i++) {
        g_autoptr(MvConfFile) conf = NULL;
        g_autofree char *full = NULL;

        g_test_message("parsing '%s'", syntax_cases[i].text);
        mv_error_reset();
        conf = mv_conf_file_parse("bad.conf", syntax_cases[i].text);
        g_assert_null(conf);
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
        g_assert_cmpint(mv_error_last()->domain, ==, VIR_FROM_CONF);
        g_assert_cmpstr(mv_error_last()->str1, ==, syntax_cases[i].message);
        full = g_strconcat("configuration file syntax error: ", syntax_cases[i].message, NULL);
        g_assert_cmpstr(mv_error_last_message(), ==, full);
    }
}

static void
test_check_keys(void)
{
    static const char *const known[] = { "listen_tls", "max_clients", "log_level", NULL };
    static const char *const nothing[] = { NULL };
    g_autoptr(MvConfFile) conf = mv_conf_file_parse("keys.conf",
                                                    "listen_tls = 1\n"
                                                    "# log_level = 1\n"
                                                    "max_client = 10\n"
                                                    "max_clients = 10\n"
                                                    "listen_tsl = 0\n");
    g_autoptr(MvConfFile) empty = mv_conf_file_parse("empty.conf", "# nothing\n");

    g_assert_nonnull(conf);
    mv_error_reset();
    g_assert_cmpint(mv_conf_file_check_keys(conf, known), ==, -1);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
    /* Every unknown key is reported; the last one is the last error. */
    g_assert_cmpstr(mv_error_last()->str1, ==, "keys.conf:5: unknown setting 'listen_tsl'");

    g_assert_nonnull(empty);
    mv_error_reset();
    g_assert_cmpint(mv_conf_file_check_keys(empty, nothing), ==, 0);
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_OK);
    g_assert_cmpint(mv_conf_file_check_keys(conf, nothing), ==, -1);
    g_assert_cmpstr(mv_error_last()->str1, ==, "keys.conf:5: unknown setting 'listen_tsl'");
}

static char *
make_temp_dir(void)
{
    g_autoptr(GError) err = NULL;
    char *dir = g_dir_make_tmp("test-conffile-XXXXXX", &err);

    g_assert_no_error(err);
    return dir;
}

static void
test_read_file(void)
{
    g_autofree char *dir = make_temp_dir();
    g_autofree char *path = g_build_filename(dir, "modvirt-qemud.conf", NULL);
    g_autofree char *missing = g_build_filename(dir, "missing.conf", NULL);
    g_autofree char *badpath = g_build_filename(dir, "bad.conf", NULL);
    g_autofree char *nulpath = g_build_filename(dir, "nul.conf", NULL);
    g_autofree char *expected = NULL;
    g_autofree char *str = NULL;
    g_autoptr(MvConfFile) conf = NULL;
    g_autoptr(MvConfFile) none = NULL;
    static const char nul_text[] = "a = 1\nb = 2\n\0c = 3\n";
    int64_t num = 0;

    g_assert_true(g_file_set_contents(path, sample_text, -1, NULL));
    conf = mv_conf_file_read(path, false);
    g_assert_nonnull(conf);
    g_assert_cmpint(mv_conf_file_get_string(conf, "tcp_port", &str), ==, 1);
    g_assert_cmpstr(str, ==, "16509");

    none = mv_conf_file_read(missing, true);
    g_assert_nonnull(none);
    g_assert_cmpint(mv_conf_file_get_int(none, "max_clients", &num), ==, 0);

    mv_error_reset();
    g_assert_null(mv_conf_file_read(missing, false));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_cmpint(mv_error_last()->int1, ==, ENOENT);
    g_assert_nonnull(strstr(mv_error_last_message(), missing));

    /* A directory opens but cannot be read. */
    mv_error_reset();
    g_assert_null(mv_conf_file_read(dir, true));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_SYSTEM_ERROR);
    g_assert_nonnull(strstr(mv_error_last_message(), dir));

    /* Syntax errors name the path as given. */
    g_assert_true(g_file_set_contents(badpath, "a = 1\nb = \"open\n", -1, NULL));
    mv_error_reset();
    g_assert_null(mv_conf_file_read(badpath, false));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
    expected = g_strdup_printf("%s:2: unterminated string \"open for 'b'", badpath);
    g_assert_cmpstr(mv_error_last()->str1, ==, expected);
    g_clear_pointer(&expected, g_free);

    g_assert_true(g_file_set_contents(nulpath, nul_text, sizeof(nul_text) - 1, NULL));
    mv_error_reset();
    g_assert_null(mv_conf_file_read(nulpath, false));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
    expected = g_strdup_printf("%s:3: unexpected NUL byte", nulpath);
    g_assert_cmpstr(mv_error_last()->str1, ==, expected);

    g_assert_cmpint(g_remove(path), ==, 0);
    g_assert_cmpint(g_remove(badpath), ==, 0);
    g_assert_cmpint(g_remove(nulpath), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void
test_read_too_large(void)
{
    g_autofree char *dir = make_temp_dir();
    g_autofree char *path = g_build_filename(dir, "huge.conf", NULL);
    gsize len = 10 * 1024 * 1024 + 1;
    g_autofree char *text = g_malloc(len);

    /* Nothing but comment lines: valid, only too long. */
    memset(text, '#', len);
    text[len - 1] = '\n';
    g_assert_true(g_file_set_contents(path, text, len, NULL));

    mv_error_reset();
    g_assert_null(mv_conf_file_read(path, false));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
    g_assert_nonnull(strstr(mv_error_last_message(), path));
    g_assert_nonnull(strstr(mv_error_last_message(), "larger than"));

    g_assert_cmpint(g_remove(path), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

/* Every outcome of a parse must be a config or a syntax error; anything
 * else (a crash, another error code) fails the test. */
static void
assert_parses_or_fails_cleanly(const char *text)
{
    g_autoptr(MvConfFile) conf = NULL;

    mv_error_reset();
    conf = mv_conf_file_parse("fuzz.conf", text);
    if (conf) {
        g_auto(GStrv) list = NULL;
        g_autofree char *str = NULL;
        int64_t num;
        bool flag;

        mv_conf_file_get_string(conf, "a", &str);
        mv_conf_file_get_int(conf, "a", &num);
        mv_conf_file_get_bool(conf, "a", &flag);
        mv_conf_file_get_string_list(conf, "a", &list);
    } else {
        g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_CONF_SYNTAX);
        g_assert_true(g_str_has_prefix(mv_error_last()->str1, "fuzz.conf:"));
    }
}

static void
test_truncations(void)
{
    size_t len = strlen(sample_text);
    size_t i;

    for (i = 0; i <= len; i++) {
        g_autofree char *prefix = g_strndup(sample_text, i);

        assert_parses_or_fails_cleanly(prefix);
    }
}

static void
test_random_inputs(void)
{
    static const char alphabet[] = "a_b1-+ \t\n\r#=[],;'\"\\x9\x01\xff";
    g_autoptr(GRand) rand = g_rand_new_with_seed(20240611);
    size_t round;

    for (round = 0; round < 20000; round++) {
        size_t len = g_rand_int_range(rand, 0, 64);
        g_autofree char *text = g_malloc(len + 1);
        size_t i;

        for (i = 0; i < len; i++)
            text[i] = alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
        text[len] = '\0';
        assert_parses_or_fails_cleanly(text);
    }

    /* Mutations of the sample: one byte replaced at a random place. */
    for (round = 0; round < 5000; round++) {
        g_autofree char *text = g_strdup(sample_text);
        size_t pos = g_rand_int_range(rand, 0, sizeof(sample_text) - 1);

        text[pos] = alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
        assert_parses_or_fails_cleanly(text);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    g_test_add_func("/util/conffile/values", test_values);
    g_test_add_func("/util/conffile/absent", test_absent);
    g_test_add_func("/util/conffile/type-mismatch", test_type_mismatch);
    g_test_add_func("/util/conffile/duplicate-first-wins", test_duplicate_first_wins);
    g_test_add_func("/util/conffile/empty-inputs", test_empty_inputs);
    g_test_add_func("/util/conffile/syntax-errors", test_syntax_errors);
    g_test_add_func("/util/conffile/check-keys", test_check_keys);
    g_test_add_func("/util/conffile/read-file", test_read_file);
    g_test_add_func("/util/conffile/read-too-large", test_read_too_large);
    g_test_add_func("/util/conffile/truncations", test_truncations);
    g_test_add_func("/util/conffile/random-inputs", test_random_inputs);
    return g_test_run();
}

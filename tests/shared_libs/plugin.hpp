// The functions the test libraries export (their builds hide everything else).
#pragma once

#if defined(_WIN32)
#define HP_TEST_EXPORT __declspec(dllexport)
#else
#define HP_TEST_EXPORT __attribute__((visibility("default")))
#endif

extern "C" {
// Library A: opens a scope with shared.value = `value` and calls `fn` inside it.
HP_TEST_EXPORT void a_in_scope(int value, void (*fn)());
HP_TEST_EXPORT void a_set(int value);
HP_TEST_EXPORT int a_read();

// Library B (also the plugin): reads shared.value (-1 when absent), on this
// thread or on a new one; sets it; declares plugin.depth.
HP_TEST_EXPORT int b_read();
HP_TEST_EXPORT int b_read_on_new_thread();
HP_TEST_EXPORT void b_set(int value);
HP_TEST_EXPORT void b_in_scope(int value, void (*fn)());
}

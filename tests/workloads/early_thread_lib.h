// A shared library whose constructor starts a thread ("tp-early") before main runs: a thread
// that exists before a preloaded sampler may have initialized itself.
#pragma once

extern "C" void early_thread_join();

runTests();

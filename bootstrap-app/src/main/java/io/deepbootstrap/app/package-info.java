package io.deepbootstrap.app;

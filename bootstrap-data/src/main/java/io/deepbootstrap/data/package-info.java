package io.deepbootstrap.data;

package io.deepbootstrap.models;

package io.petrel.admin;

import java.util.List;

/**
 * One page of a listing, as JSON.
 *
 * @param items the items on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many items the whole listing has
 */
record Page<T>(List<T> items, int page, int size, long total) {}

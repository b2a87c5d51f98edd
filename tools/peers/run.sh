#!/usr/bin/env bash
echo "peers: not yet"

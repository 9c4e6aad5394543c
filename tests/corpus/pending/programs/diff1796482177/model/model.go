package model

type Tag string

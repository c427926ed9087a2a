"""Seller accounts (店铺) and the business profile each platform holds for them."""

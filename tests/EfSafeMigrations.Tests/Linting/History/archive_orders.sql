-- Archive orders placed more than a year ago.
INSERT INTO "OrderArchive" SELECT "Id" FROM "Orders" WHERE "PlacedAt" < now() - interval '1 year';
DELETE FROM "Orders" WHERE "PlacedAt" < now() - interval '1 year';

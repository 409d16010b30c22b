using Shop.Previous;

// usage: Shop.Previous load WORKERS LOG KNOWN_FOLDER   (SHOP_DB: connection string; runs until SIGTERM or Ctrl+C)
return await PreviousRelease.RunAsync(args, PreviousShopContext.Create);

from commands.store_cli import main

raise SystemExit(main())

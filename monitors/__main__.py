from commands.monitors_cli import main

raise SystemExit(main())

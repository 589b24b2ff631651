from docparse.cli.app import main

main()

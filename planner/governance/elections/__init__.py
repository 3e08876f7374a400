"""Elections: who stands for a body's seats, and the seats the result makes."""
